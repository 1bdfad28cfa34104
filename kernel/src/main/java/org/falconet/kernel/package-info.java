/**
 * The Falconet Jupyter kernel: Java cells on JShell with the Falconet library preloaded, rich
 * display, magics and a cell interrupt that really stops CPU-bound code.
 */
package org.falconet.kernel;
