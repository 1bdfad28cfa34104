package org.falconet.pipeline;

import java.util.regex.Pattern;

/** Checks that stage names and drop reasons are {@code snake_case}, as statistics and tests quote them. */
public final class Reasons {
  private static final Pattern SNAKE = Pattern.compile("[a-z][a-z0-9]*(_[a-z0-9]+)*");

  private Reasons() {}

  /** Returns {@code word} if it is snake_case, else throws. */
  public static String check(String word) {
    if (word == null || !SNAKE.matcher(word).matches()) {
      throw new IllegalArgumentException("not a snake_case name: " + word);
    }
    return word;
  }
}
