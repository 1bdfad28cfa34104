/** Documents and their JSONL form: what flows through the curation pipeline and how it is stored. */
package org.falconet.corpus;
