/**
 * What notebook cells call: {@code display}, {@code updateDisplay}, {@code html}, {@code markdown},
 * charts and progress bars, imported statically into every session by the kernel's start-up script.
 */
package org.falconet.kernel.runtime;
