/**
 * RefinedWeb's quality stages: Gopher's repetition removal and document-wise quality filter, and
 * RefinedWeb's own line-wise corrections (Penedo et al. 2023, section 3.2).
 */
package org.falconet.filter.quality;
