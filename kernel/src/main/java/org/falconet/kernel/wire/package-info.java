/**
 * The Jupyter wire protocol: the five ZeroMQ channels, message framing and HMAC signing, with a
 * blocking receive on every channel (no polling sleep) and signature checks that drop bad messages.
 */
package org.falconet.kernel.wire;
