package org.falconet.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.SparkConf;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerApplicationEnd;
import org.apache.spark.scheduler.SparkListenerApplicationStart;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * Where a curation run's time and bytes go, per pipeline step (the runner's job group,
 * {@code falconet-step-N}): a Spark listener summing its tasks' metrics (run time, CPU time, task
 * deserialisation and result serialisation, GC, shuffle bytes and records written and read, shuffle
 * write time and fetch wait) and its jobs' wall time; the application's wall time less the jobs' is
 * the driver's own time (session start, planning, commit renames). For a driver started by
 * {@code spark-submit}, register it with {@code --conf spark.extraListeners=org.falconet.spark.StepMetrics
 * --conf spark.falconet.metrics=FILE}: at the application's end it writes its report as JSON to FILE.
 *
 * <pre>{@code
 * StepMetrics m = new StepMetrics(spark.sparkContext().getConf());
 * spark.sparkContext().addSparkListener(m);
 * ... run ...
 * Map<String, Map<String, Long>> bySteps = m.report();
 * }</pre>
 */
public final class StepMetrics extends SparkListener {
  /** The configuration key naming the report's file. */
  public static final String FILE_KEY = "spark.falconet.metrics";

  private final String file;
  private final Map<Integer, String> groupOfStage = new ConcurrentHashMap<>();
  private final Map<Integer, Long> jobStart = new ConcurrentHashMap<>();
  private final Map<Integer, String> groupOfJob = new ConcurrentHashMap<>();
  private final Map<String, Map<String, Long>> byGroup = new TreeMap<>();
  private long appStart = System.currentTimeMillis(); // the application's start event, when this listener sees it

  /** A listener writing its report to the file {@code spark.falconet.metrics} of {@code conf} names, if any. */
  public StepMetrics(SparkConf conf) {
    this.file = conf.get(FILE_KEY, null);
  }

  @Override
  public void onApplicationStart(SparkListenerApplicationStart e) {
    appStart = e.time();
  }

  @Override
  public void onJobStart(SparkListenerJobStart e) {
    String g = e.properties() == null ? null : e.properties().getProperty("spark.jobGroup.id");
    String group = g == null ? "other" : g;
    groupOfJob.put(e.jobId(), group);
    jobStart.put(e.jobId(), e.time());
    scala.collection.Iterator<Object> it = e.stageIds().iterator();
    while (it.hasNext()) {
      groupOfStage.put((Integer) it.next(), group);
    }
  }

  @Override
  public synchronized void onJobEnd(SparkListenerJobEnd e) {
    Long start = jobStart.remove(e.jobId());
    if (start != null) {
      add(groupOfJob.getOrDefault(e.jobId(), "other"), "jobWallMs", e.time() - start);
      add(groupOfJob.getOrDefault(e.jobId(), "other"), "jobs", 1);
    }
  }

  @Override
  public synchronized void onTaskEnd(SparkListenerTaskEnd e) {
    TaskMetrics m = e.taskMetrics();
    if (m == null) {
      return;
    }
    String g = groupOfStage.getOrDefault(e.stageId(), "other");
    add(g, "tasks", 1);
    add(g, "taskRunMs", m.executorRunTime());
    add(g, "taskCpuMs", m.executorCpuTime() / 1_000_000);
    add(g, "deserializeMs", m.executorDeserializeTime());
    add(g, "deserializeCpuMs", m.executorDeserializeCpuTime() / 1_000_000);
    add(g, "resultSerializeMs", m.resultSerializationTime());
    add(g, "resultBytes", m.resultSize());
    add(g, "gcMs", m.jvmGCTime());
    add(g, "shuffleWriteBytes", m.shuffleWriteMetrics().bytesWritten());
    add(g, "shuffleWriteRecords", m.shuffleWriteMetrics().recordsWritten());
    add(g, "shuffleWriteMs", m.shuffleWriteMetrics().writeTime() / 1_000_000);
    add(g, "shuffleReadBytes", m.shuffleReadMetrics().totalBytesRead());
    add(g, "shuffleFetchWaitMs", m.shuffleReadMetrics().fetchWaitTime());
    add(g, "spillBytes", m.diskBytesSpilled());
  }

  @Override
  public void onApplicationEnd(SparkListenerApplicationEnd e) {
    synchronized (this) {
      long jobs = byGroup.values().stream().mapToLong(s -> s.getOrDefault("jobWallMs", 0L)).sum();
      add("application", "wallMs", e.time() - appStart);
      add("application", "driverOnlyMs", e.time() - appStart - jobs);
    }
    if (file != null) {
      try {
        Files.writeString(Path.of(file), new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .writeValueAsString(report()));
      } catch (IOException x) {
        throw new UncheckedIOException(x);
      }
    }
  }

  /** The sums so far: step → metric → value (milliseconds, bytes or counts, as the metric's name says). */
  public synchronized Map<String, Map<String, Long>> report() {
    Map<String, Map<String, Long>> copy = new TreeMap<>();
    byGroup.forEach((k, v) -> copy.put(k, new TreeMap<>(v)));
    return copy;
  }

  private synchronized void add(String group, String metric, long value) {
    byGroup.computeIfAbsent(group, k -> new TreeMap<>()).merge(metric, value, Long::sum);
  }
}
