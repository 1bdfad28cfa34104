/**
 * Main-text extraction: turns a crawled HTML page into the article's plain text, as RefinedWeb
 * did with trafilatura (Penedo et al. 2023, section 3.1), keeping the content and dropping the
 * page's boilerplate.
 */
package org.falconet.extract;
