/**
 * URL deduplication across crawl parts, as RefinedWeb did across Common Crawl dumps (Penedo et al.
 * 2023, section 3.3): normalised URLs kept in a persistent set, so a page seen before is dropped.
 */
package org.falconet.dedup.url;
