package org.falconet.model.internal;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntConsumer;

/**
 * A team of threads for the many short parallel loops of decoding: each token runs 4 matrix-vector products per layer
 * plus the lm_head, each a millisecond or two over all cores. A parallel stream pays tens of microseconds per loop
 * to wake the common pool's parked workers; here the workers spin for {@link #SPIN_NANOS} after each loop, so the
 * next one finds them awake, and park only when the model goes idle. Tasks are handed out one at a time from a
 * shared counter; the calling thread works too.
 *
 * <p>One loop runs at a time: a second caller meanwhile, or a task that itself calls {@link #run}, runs its tasks
 * on its own thread. {@code -Dfalconet.workers=N} sets the team to N threads including the caller (default: the
 * available processors).
 */
public final class Workers {
  private Workers() {}

  /** How long an idle worker spins before it parks. */
  static final long SPIN_NANOS = 200_000;
  /** How long a waiting thread spins before it starts yielding its core. */
  static final long YIELD_AFTER_NANOS = 20_000;
  private static final int THREADS = Integer.getInteger("falconet.workers", Runtime.getRuntime().availableProcessors());

  private static final ReentrantLock BUSY = new ReentrantLock();
  private static volatile Job current;
  private static volatile Worker[] team;

  /** Threads a loop runs on, the caller included. */
  public static int threads() {
    return Math.max(1, THREADS);
  }

  /** Runs {@code task.accept(k)} for every k &lt; tasks over the team and the calling thread; returns when all are done. */
  public static void run(int tasks, IntConsumer task) {
    if (tasks <= 1 || threads() == 1 || Thread.currentThread() instanceof Worker || !BUSY.tryLock()) {
      for (int k = 0; k < tasks; k++) task.accept(k);
      return;
    }
    try {
      Worker[] workers = team();
      Job job = new Job(tasks, task);
      current = job;                                  // publishes the job (and everything the caller wrote before)
      for (Worker w : workers) if (w.parked) LockSupport.unpark(w);
      job.work();
      long waitSince = System.nanoTime();
      while (job.done.get() < tasks) pause(waitSince);
      Throwable failure = job.failure.get();
      if (failure instanceof RuntimeException e) throw e;
      if (failure instanceof Error e) throw e;
      if (failure != null) throw new IllegalStateException(failure);
    } finally {
      BUSY.unlock();
    }
  }

  /**
   * One turn of a wait: a spin hint for the first {@link #YIELD_AFTER_NANOS}, then {@code Thread.yield()}, so that when
   * there are more runnable threads than cores (another JVM decoding too) a waiting thread hands its core to the one
   * it waits for instead of spinning through its time slice.
   */
  private static void pause(long since) {
    if (System.nanoTime() - since < YIELD_AFTER_NANOS) Thread.onSpinWait();
    else Thread.yield();
  }

  private static Worker[] team() {
    Worker[] t = team;
    if (t == null) {
      t = new Worker[threads() - 1];
      for (int i = 0; i < t.length; i++) {
        t[i] = new Worker(i + 1);
        t[i].start();
      }
      team = t;
    }
    return t;
  }

  /** One loop: a counter of tasks handed out and one of tasks finished. */
  private static final class Job {
    final int tasks;
    final IntConsumer task;
    final AtomicInteger next = new AtomicInteger();
    final AtomicInteger done = new AtomicInteger();
    final AtomicReference<Throwable> failure = new AtomicReference<>();

    Job(int tasks, IntConsumer task) {
      this.tasks = tasks;
      this.task = task;
    }

    void work() {
      for (int k; (k = next.getAndIncrement()) < tasks; ) {
        try {
          task.accept(k);
        } catch (Throwable t) {
          failure.compareAndSet(null, t);
        } finally {
          done.incrementAndGet();
        }
      }
    }
  }

  private static final class Worker extends Thread {
    volatile boolean parked;

    Worker(int i) {
      super("falconet-worker-" + i);
      setDaemon(true);
    }

    @Override
    public void run() {
      Job seen = null;
      while (true) {
        Job job = current;
        if (job != seen) {
          seen = job;
          job.work();
          continue;
        }
        long idleSince = System.nanoTime();
        while ((job = current) == seen && System.nanoTime() - idleSince < SPIN_NANOS) pause(idleSince);
        if (job != seen) continue;
        parked = true;
        if (current == seen) LockSupport.park(this);
        parked = false;
      }
    }
  }
}
