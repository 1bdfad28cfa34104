/** The RefinedWeb pipeline assembled: the paper's stages in the paper's order, by name. */
package org.falconet.refinedweb;
