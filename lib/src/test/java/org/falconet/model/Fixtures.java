package org.falconet.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** The parity fixtures written by scripts/model/make_parity_fixtures.py (PyTorch reference forward). */
final class Fixtures {
  static final String[] VARIANTS = {"falcon-7b-style", "falcon-40b-style", "falcon-rw-style", "falcon-rw-parallel",
      "falcon-newarch-1ln"};

  static Path dir(String variant) {
    try {
      return Path.of(Fixtures.class.getResource("/model-fixtures/" + variant).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  record Expected(int[] inputIds, float[] logits, int vocab, int[] greedyNewIds) {}

  static Expected expected(String variant) throws IOException {
    Path d = dir(variant);
    JsonNode j = new ObjectMapper().readTree(d.resolve("expected.json").toFile());
    int[] ids = ints(j.get("input_ids"));
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(d.resolve(j.get("logits_file").asText()))).order(ByteOrder.LITTLE_ENDIAN);
    float[] logits = new float[b.remaining() / 4];
    b.asFloatBuffer().get(logits);
    return new Expected(ids, logits, j.get("logits_shape").get(1).asInt(), ints(j.get("greedy_new_ids")));
  }

  static int[] ints(JsonNode a) {
    int[] r = new int[a.size()];
    for (int i = 0; i < r.length; i++) r[i] = a.get(i).asInt();
    return r;
  }

  static float maxAbsDiff(float[] a, float[] b) {
    if (a.length != b.length) throw new AssertionError("lengths differ: " + a.length + " vs " + b.length);
    float m = 0;
    for (int i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
    return m;
  }

  /** {@code n} greedy tokens after {@code prompt}, decoded one at a time through {@code cache}. */
  static int[] greedy(CausalLanguageModel model, CausalLanguageModel.Cache cache, int[] prompt, int n) {
    int vocab = model.config().vocabSize();
    float[] logits = model.forwardLast(prompt, cache);
    int[] got = new int[n];
    for (int i = 0; i < n; i++) {
      got[i] = argmax(logits, 0, vocab);
      logits = model.forwardLast(new int[] {got[i]}, cache);
    }
    return got;
  }

  static int argmax(float[] x, int off, int n) {
    int best = 0;
    for (int i = 1; i < n; i++) if (x[off + i] > x[off + best]) best = i;
    return best;
  }
}
