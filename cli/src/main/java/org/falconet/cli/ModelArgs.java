package org.falconet.cli;

/** Parsing helpers shared by the model subcommands. */
final class ModelArgs {
  private ModelArgs() {}

  /** "1,2,3" → {1, 2, 3}, with a one-line error naming the option. */
  static int[] ids(String option, String csv) {
    String[] parts = csv.trim().split("\\s*,\\s*");
    int[] ids = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      try {
        ids[i] = Integer.parseInt(parts[i]);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(option + ": '" + parts[i] + "' is not a token id (expected e.g. 1,2,3)");
      }
      if (ids[i] < 0) throw new IllegalArgumentException(option + ": negative token id " + ids[i]);
    }
    return ids;
  }
}
