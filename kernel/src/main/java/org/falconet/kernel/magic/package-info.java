/**
 * Magics: {@code %line} and {@code %%cell} commands handled by the kernel instead of JShell, such as
 * {@code %maven} (dependencies from Maven Central into the running session), {@code %sh} and
 * {@code %%markdown}.
 */
package org.falconet.kernel.magic;
