/**
 * Deduplication, the last and most expensive stages of RefinedWeb (Penedo et al. 2023, section 3.3):
 * fuzzy duplicates by MinHash ({@link org.falconet.dedup.minhash}), repeated spans by a suffix array
 * ({@link org.falconet.dedup.exact}) and repeated URLs ({@link org.falconet.dedup.url}), plus a
 * notebook view of a duplicate cluster ({@link org.falconet.dedup.DuplicateCluster}).
 */
package org.falconet.dedup;
