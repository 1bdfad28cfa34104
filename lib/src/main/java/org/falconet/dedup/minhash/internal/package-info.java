/** The on-disk machinery of MinHash deduplication: band record files, their external sort, union-find. */
package org.falconet.dedup.minhash.internal;
