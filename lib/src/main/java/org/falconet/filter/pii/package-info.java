/**
 * Personal-data redaction: replaces e-mail addresses and public IP addresses in extracted text with
 * fixed placeholders, as FineWeb does after RefinedWeb's filters.
 */
package org.falconet.filter.pii;
