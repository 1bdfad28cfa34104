/**
 * Material for teaching a course with the notebooks: student copies without the solutions.
 */
package org.falconet.kernel.course;
