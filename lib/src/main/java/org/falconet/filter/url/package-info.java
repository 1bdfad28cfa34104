/**
 * RefinedWeb's URL filtering (Penedo et al. 2023, appendix G.1): a domain and URL blocklist in the
 * UT1 format, URL word scoring with strict, hard and soft words, and the exclusion of high-quality
 * sources that curated corpora cover.
 */
package org.falconet.filter.url;
