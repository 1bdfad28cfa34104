/**
 * The machinery of MinHash deduplication: band record files, their external sort, union-find, and
 * the vectorised signature loop.
 */
package org.falconet.dedup.minhash.internal;
