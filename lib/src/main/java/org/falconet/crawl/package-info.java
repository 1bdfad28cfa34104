/**
 * Reading Common Crawl: WARC, WET and WAT files into documents (with their charset found as browsers
 * find it, and damaged records dropped with a reason), and fetching a crawl's segments.
 */
package org.falconet.crawl;
