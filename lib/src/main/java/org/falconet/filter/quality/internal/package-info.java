/** Character classes and hash tables that the quality stages share; not part of the API. */
package org.falconet.filter.quality.internal;
