/**
 * The fastText model file's parts (arguments, dictionary, dense and product-quantized matrices),
 * read as fastText writes them. Not an API; use {@link org.falconet.filter.lang.FastTextModel}.
 */
package org.falconet.filter.lang.internal;
