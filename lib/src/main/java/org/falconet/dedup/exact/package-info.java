/**
 * Exact-substring deduplication (Lee et al. 2022, arXiv 2107.06499, as RefinedWeb ran it, Penedo et
 * al. 2023, section 3.3): a suffix array of the whole corpus, built by SA-IS in linear time, its LCP
 * array, and the removal of every span repeated verbatim at least 50 tokens long.
 */
package org.falconet.dedup.exact;
