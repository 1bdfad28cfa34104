package org.falconet.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** AdamW and gradient clipping against torch.optim.AdamW and clip_grad_norm_ (adamw_reference.py). */
class AdamWTest {
  private final JsonNode ref;

  AdamWTest() throws Exception {
    ref = new ObjectMapper().readTree(getClass().getResourceAsStream("/train/adamw_reference.json"));
  }

  static float[] floats(JsonNode arr) {
    float[] f = new float[arr.size()];
    for (int i = 0; i < f.length; i++) {
      f[i] = (float) arr.get(i).asDouble();
    }
    return f;
  }

  static void assertClose(float[] expected, float[] actual, double tol) {
    assertEquals(expected.length, actual.length);
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual[i], tol * Math.max(1, Math.abs(expected[i])), "element " + i);
    }
  }

  @Test
  void fiveStepsEqualTorch() {
    Parameter w = Parameter.of("w", floats(ref.get("w")), 3, 4);
    Parameter b = Parameter.of("b", floats(ref.get("b")), 4);
    AdamW opt = new AdamW(List.of(w, b), new AdamW.Params(0.9, 0.95, 1e-8, 0.1));
    for (int s = 0; s < 5; s++) {
      System.arraycopy(floats(ref.get("grads").get(s).get("w")), 0, w.grad(), 0, 12);
      System.arraycopy(floats(ref.get("grads").get(s).get("b")), 0, b.grad(), 0, 4);
      opt.step(ref.get("lrs").get(s).asDouble());
      assertClose(floats(ref.get("after").get(s).get("w")), w.value(), 1e-6);
      assertClose(floats(ref.get("after").get(s).get("b")), b.value(), 1e-6);
    }
    assertEquals(5, opt.steps());
  }

  @Test
  void clippingEqualsTorch() {
    Parameter w = Parameter.of("w", new float[12], 3, 4);
    Parameter b = Parameter.of("b", new float[4], 4);
    float[] gw = floats(ref.get("grads").get(0).get("w"));
    float[] gb = floats(ref.get("grads").get(0).get("b"));
    for (int i = 0; i < 12; i++) {
      w.grad()[i] = gw[i] * 4;
    }
    for (int i = 0; i < 4; i++) {
      b.grad()[i] = gb[i] * 4;
    }
    double norm = AdamW.clipGradNorm(List.of(w, b), 1.0);
    assertEquals(ref.get("clip").get("norm").asDouble(), norm, 1e-5);
    assertClose(floats(ref.get("clip").get("w")), w.grad(), 1e-6);
    assertClose(floats(ref.get("clip").get("b")), b.grad(), 1e-6);
  }

  @Test
  void badHyperParametersAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> new AdamW.Params(1.0, 0.95, 1e-8, 0.1));
    assertThrows(IllegalArgumentException.class, () -> new AdamW.Params(0.9, 0.95, 0, 0.1));
  }
}
