package org.falconet.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {
  @TempDir
  Path tmp;

  /** Documents from a small grammar: token t is mostly followed by (t*3+1) mod 20. */
  static PackedSequences data() {
    java.util.SplittableRandom r = new java.util.SplittableRandom(1);
    List<int[]> docs = new ArrayList<>();
    for (int d = 0; d < 200; d++) {
      int[] doc = new int[20 + r.nextInt(30)];
      doc[0] = r.nextInt(20);
      for (int i = 1; i < doc.length; i++) {
        doc[i] = r.nextDouble() < 0.9 ? (doc[i - 1] * 3 + 1) % 20 : r.nextInt(20);
      }
      docs.add(doc);
    }
    return PackedSequences.pack(docs, 20, 0.1, 7);
  }

  static Trainer.Config config(int steps) {
    return new Trainer.Config(steps, 4, 16, 2, new LearningRateSchedule(0.3, 0.03, 5, steps), AdamW.Params.LLM_PRETRAINING,
        1.0, 10, 10, 99);
  }

  @Test
  void bigramGradientMatchesFiniteDifferences() {
    BigramModel m = new BigramModel(21, 3);
    PackedSequences.Batch batch = data().sampler(2, 8, 5, 0).next();
    m.loss(batch, true, 1);
    float[] w = m.table.value();
    for (int idx : new int[] {0, 17, 21 * 5 + 3, 21 * 21 - 1, batch.inputs()[0] * 21 + batch.targets()[0]}) {
      float keep = w[idx];
      double h = 1e-2;
      w[idx] = (float) (keep + h);
      double up = m.loss(batch, false, 1);
      w[idx] = (float) (keep - h);
      double down = m.loss(batch, false, 1);
      w[idx] = keep;
      assertEquals((up - down) / (2 * h), m.table.grad()[idx], 2e-4, "gradient of element " + idx);
    }
  }

  @Test
  void trainingLowersValidationLoss() throws Exception {
    BigramModel m = new BigramModel(21, 3);
    Trainer t = new Trainer(m, data(), config(60));
    double before = t.validationLoss();
    List<Trainer.LogLine> log = t.train(null, null);
    double after = log.get(log.size() - 1).validationLoss();
    assertEquals(Math.log(21), before, 0.05, "an untrained model is near uniform");
    assertTrue(after < 1.5, "the grammar is 90% deterministic; loss " + after);
  }

  @Test
  void aResumedRunGivesTheSameLossCurveBitForBit() throws Exception {
    List<Trainer.LogLine> straight = new Trainer(new BigramModel(21, 3), data(), config(30)).train(tmp.resolve("a"), null);

    Trainer.Config stopEarly = config(30);
    // Train 20 of the 30 steps (checkpoint at 20), then start a fresh process-like trainer from disk.
    Trainer first = new Trainer(new BigramModel(21, 3), data(),
        new Trainer.Config(20, 4, 16, 2, stopEarly.schedule(), stopEarly.adamw(), 1.0, 10, 10, 99));
    first.train(tmp.resolve("b"), null);
    Trainer resumed = Trainer.resume(new BigramModel(21, 999), data(), stopEarly, tmp.resolve("b"));
    List<Trainer.LogLine> rest = resumed.train(tmp.resolve("b"), null);

    assertEquals(straight.size(), rest.size());
    for (int i = 0; i < straight.size(); i++) {
      assertEquals(straight.get(i).trainLoss(), rest.get(i).trainLoss(), 0.0, "step " + (i + 1));
      assertEquals(straight.get(i).lr(), rest.get(i).lr(), 0.0);
    }
    assertEquals(-1, Files.mismatch(tmp.resolve("a/model.safetensors"), tmp.resolve("b/model.safetensors")));
    assertTrue(Files.readString(tmp.resolve("b/loss.csv")).startsWith("step,lr,train_loss,grad_norm,val_loss,tokens_per_s\n"));
  }
}
