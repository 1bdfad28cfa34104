/** Internals of WARC reading: framing files into records before parsing. Not an API. */
package org.falconet.crawl.internal;
