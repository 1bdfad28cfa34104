package org.falconet.spark;

import org.apache.spark.sql.SparkSession;

/** Spark sessions configured for curation: no web UI in local mode, few shuffle partitions for small runs. */
public final class SparkSessions {
  private SparkSessions() {}

  /**
   * A session for {@code master} ({@code local[2]}, {@code spark://host:7077}, {@code yarn}...), or the
   * session {@code spark-submit} already configured when {@code master} is {@code null}.
   */
  public static SparkSession of(String master) {
    SparkSession.Builder b = SparkSession.builder().appName("falconet-curate");
    if (master != null) {
      b = b.master(master);
    }
    if (master != null && master.startsWith("local")) {
      b = b.config("spark.ui.enabled", "false")
          .config("spark.sql.shuffle.partitions", "4")
          .config("spark.default.parallelism", "4")
          .config("spark.driver.host", "127.0.0.1")
          .config("spark.driver.bindAddress", "127.0.0.1");
    }
    return b.getOrCreate();
  }
}
