package org.falconet.model;

import java.io.IOException;

/** A checkpoint that cannot be read: the message names the file and, where one is at fault, the tensor. */
public final class CheckpointException extends IOException {
  public CheckpointException(String message) {
    super(message);
  }
}
