package org.falconet.train;

import java.util.List;

/**
 * Adam with decoupled weight decay (Loshchilov &amp; Hutter 2019, arXiv 1711.05101), step for step as
 * {@code torch.optim.AdamW}: the weight is first shrunk by {@code 1 - lr·λ}, then moved by the
 * bias-corrected first moment over the bias-corrected root of the second plus ε.
 *
 * <p>Mutates the parameters' values and its own moment buffers.
 */
public final class AdamW {

  /**
   * The optimiser's hyper-parameters.
   *
   * @param beta1       first-moment decay; 0.9 (Falcon's and GPT-3's)
   * @param beta2       second-moment decay; 0.95 for LLM pretraining (GPT-3, Falcon), torch's default is 0.999
   * @param eps         added to the denominator; 1e-8 (torch's default)
   * @param weightDecay λ, applied to matrices only; 0.1 (GPT-3, Falcon)
   */
  public record Params(double beta1, double beta2, double eps, double weightDecay) {
    /** GPT-3's and Falcon's pretraining values (Brown et al. 2020, appendix B; Almazrouei et al. 2023). */
    public static final Params LLM_PRETRAINING = new Params(0.9, 0.95, 1e-8, 0.1);

    public Params {
      if (!(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1)) {
        throw new IllegalArgumentException("betas must be in [0, 1): " + beta1 + ", " + beta2);
      }
      if (!(eps > 0) || weightDecay < 0) {
        throw new IllegalArgumentException("eps must be > 0 and weight decay >= 0");
      }
    }
  }

  private final Params params;
  private final List<Parameter> parameters;
  private final float[][] m;
  private final float[][] v;
  private long step;

  public AdamW(List<Parameter> parameters, Params params) {
    this.params = params;
    this.parameters = List.copyOf(parameters);
    this.m = new float[parameters.size()][];
    this.v = new float[parameters.size()][];
    for (int i = 0; i < parameters.size(); i++) {
      m[i] = new float[parameters.get(i).size()];
      v[i] = new float[parameters.get(i).size()];
    }
  }

  /** Applies one update with learning rate {@code lr} from the parameters' current gradients. */
  public void step(double lr) {
    step++;
    double b1 = params.beta1();
    double b2 = params.beta2();
    double bc1 = 1 - Math.pow(b1, step);
    double bc2Sqrt = Math.sqrt(1 - Math.pow(b2, step));
    float stepSize = (float) (lr / bc1);
    for (int i = 0; i < parameters.size(); i++) {
      Parameter p = parameters.get(i);
      float[] w = p.value();
      float[] g = p.grad();
      float[] mi = m[i];
      float[] vi = v[i];
      float shrink = p.decays() ? (float) (1 - lr * params.weightDecay()) : 1f;
      float fb1 = (float) b1;
      float fb2 = (float) b2;
      float eps = (float) params.eps();
      float fbc2 = (float) bc2Sqrt;
      // Element by element, so chunks may run on any core without changing a bit.
      Backprop.parallel(w.length, 1 << 16, (from, to) -> {
        for (int j = from; j < to; j++) {
          w[j] *= shrink;
          mi[j] = fb1 * mi[j] + (1 - fb1) * g[j];
          vi[j] = fb2 * vi[j] + (1 - fb2) * g[j] * g[j];
          float denom = (float) Math.sqrt(vi[j]) / fbc2 + eps;
          w[j] -= stepSize * mi[j] / denom;
        }
      });
    }
  }

  /** Steps taken so far. */
  public long steps() {
    return step;
  }

  /** The moment buffers, for checkpoints: {@code [0]} first moments, {@code [1]} second, per parameter. */
  public float[][][] state() {
    return new float[][][] {m, v};
  }

  /** Restores moments and step count saved by {@link #state()} and {@link #steps()}. */
  public void restore(float[][] firstMoments, float[][] secondMoments, long steps) {
    for (int i = 0; i < m.length; i++) {
      if (firstMoments[i].length != m[i].length || secondMoments[i].length != v[i].length) {
        throw new IllegalArgumentException("optimizer state does not fit parameter " + parameters.get(i).name());
      }
      System.arraycopy(firstMoments[i], 0, m[i], 0, m[i].length);
      System.arraycopy(secondMoments[i], 0, v[i], 0, v[i].length);
    }
    this.step = steps;
  }

  /**
   * Scales all gradients so their global L2 norm is at most {@code maxNorm}, as
   * {@code torch.nn.utils.clip_grad_norm_} does (coefficient {@code maxNorm / (norm + 1e-6)}, applied
   * only when below 1). Returns the norm before clipping.
   */
  public static double clipGradNorm(List<Parameter> parameters, double maxNorm) {
    double sum = 0;
    for (Parameter p : parameters) {
      for (float g : p.grad()) {
        sum += (double) g * g;
      }
    }
    double norm = Math.sqrt(sum);
    double coef = maxNorm / (norm + 1e-6);
    if (coef < 1) {
      float c = (float) coef;
      for (Parameter p : parameters) {
        float[] g = p.grad();
        for (int j = 0; j < g.length; j++) {
          g[j] *= c;
        }
      }
    }
    return norm;
  }
}
