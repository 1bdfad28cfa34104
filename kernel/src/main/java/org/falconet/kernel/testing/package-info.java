/**
 * Running notebooks and kernel sessions through the real kernel and Jupyter's own Python client,
 * for integration tests of any module.
 */
package org.falconet.kernel.testing;
