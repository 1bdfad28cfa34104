/**
 * Language identification and RefinedWeb's language filter: a pure-Java fastText model reader, an
 * embedded offline identifier, and the stage keeping documents in the target languages.
 */
package org.falconet.filter.lang;
