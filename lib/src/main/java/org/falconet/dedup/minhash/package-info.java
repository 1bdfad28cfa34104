/**
 * Fuzzy deduplication with MinHash locality-sensitive hashing, as RefinedWeb ran it (Penedo et al.
 * 2023, section 3.3 and appendix G.3): normalised word 5-grams, 9,000 hashes, banded buckets on disk,
 * clusters by union-find, one document kept per cluster.
 */
package org.falconet.dedup.minhash;
