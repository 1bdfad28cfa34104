/**
 * The machinery of MinHash deduplication: band key files, their sort into buckets, clustering by union-find, and
 * the vectorised signature loop.
 */
package org.falconet.dedup.minhash.internal;
