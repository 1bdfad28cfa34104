/**
 * The curation pipeline's core: stages, filters, the sharded, resumable, parallel runner, and the
 * accounting that explains where every input document went.
 */
package org.falconet.pipeline;
