package org.falconet.model.internal;

import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicReference;
import org.falconet.model.internal.Scratch.Slot;
import org.junit.jupiter.api.Test;

/** Per-thread, per-slot reuse of work arrays. */
class ScratchTest {

  @Test
  void oneArrayPerSlotReusedUntilALongerOneIsNeeded() {
    float[] a = Scratch.floats(Slot.MLP_HIDDEN, 1000);
    assertTrue(a.length >= 1000);
    assertSame(a, Scratch.floats(Slot.MLP_HIDDEN, 10));
    assertSame(a, Scratch.floats(Slot.MLP_HIDDEN, a.length));
    assertNotSame(a, Scratch.floats(Slot.MLP_OUTPUT, 10));
    float[] b = Scratch.floats(Slot.MLP_HIDDEN, a.length + 1);
    assertNotSame(a, b);
    assertTrue(b.length > a.length);
    assertSame(b, Scratch.floats(Slot.MLP_HIDDEN, 1000));
  }

  @Test
  void threadsDoNotShareArrays() throws InterruptedException {
    float[] mine = Scratch.floats(Slot.CONTEXT, 64);
    AtomicReference<float[]> theirs = new AtomicReference<>();
    Thread t = new Thread(() -> theirs.set(Scratch.floats(Slot.CONTEXT, 64)));
    t.start();
    t.join();
    assertNotSame(mine, theirs.get());
    assertSame(mine, Scratch.floats(Slot.CONTEXT, 64));
  }
}
