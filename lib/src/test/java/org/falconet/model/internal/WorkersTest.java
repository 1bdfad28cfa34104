package org.falconet.model.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** The worker team runs every task exactly once, whoever calls, however often, and passes failures back. */
class WorkersTest {

  @Test
  void everyTaskRunsOnceOverManyLoops() throws Exception {
    for (int loop = 0; loop < 2_000; loop++) {
      int tasks = 1 + loop % 37;
      AtomicIntegerArray runs = new AtomicIntegerArray(tasks);
      Workers.run(tasks, runs::incrementAndGet);
      for (int k = 0; k < tasks; k++) assertEquals(1, runs.get(k), "loop " + loop + " task " + k);
      if (loop % 200 == 0) Thread.sleep(2);              // let the workers park, then wake them again
    }
  }

  @Test
  void nestedAndConcurrentCallersRunTheirTasksToo() throws Exception {
    AtomicIntegerArray inner = new AtomicIntegerArray(8 * 8);
    Workers.run(8, k -> Workers.run(8, j -> inner.incrementAndGet(8 * k + j)));
    for (int i = 0; i < 64; i++) assertEquals(1, inner.get(i));

    int callers = 4;
    AtomicIntegerArray runs = new AtomicIntegerArray(callers * 100);
    CountDownLatch start = new CountDownLatch(1);
    Thread[] threads = new Thread[callers];
    for (int c = 0; c < callers; c++) {
      int base = c * 100;
      threads[c] = new Thread(() -> {
        try {
          start.await();
        } catch (InterruptedException e) {
          return;
        }
        for (int rep = 0; rep < 50; rep++) Workers.run(100, k -> runs.incrementAndGet(base + k));
      });
      threads[c].start();
    }
    start.countDown();
    for (Thread t : threads) t.join();
    for (int i = 0; i < callers * 100; i++) assertEquals(50, runs.get(i), "task " + i);
  }

  @Test
  void aFailingTaskFailsTheLoopAndTheTeamGoesOn() {
    IllegalArgumentException boom = new IllegalArgumentException("boom");
    AtomicIntegerArray runs = new AtomicIntegerArray(16);
    IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class, () -> Workers.run(16, k -> {
      runs.incrementAndGet(k);
      if (k == 5) throw boom;
    }));
    assertSame(boom, thrown);
    for (int k = 0; k < 16; k++) assertEquals(1, runs.get(k), "every other task still ran");
    AtomicIntegerArray again = new AtomicIntegerArray(16);
    Workers.run(16, again::incrementAndGet);
    for (int k = 0; k < 16; k++) assertEquals(1, again.get(k));
  }
}
