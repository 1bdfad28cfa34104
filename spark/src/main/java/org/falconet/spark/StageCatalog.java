package org.falconet.spark;

import java.io.Serializable;
import org.falconet.pipeline.DocumentSource;
import org.falconet.pipeline.Stage;
import org.falconet.refinedweb.RefinedWeb;

/**
 * Where executors get their stages from: stages travel to the cluster as names and are built
 * there, so they need not be {@link Serializable}. A catalogue is shipped with every task; the stages
 * it builds are cached per executor JVM under its {@link #cacheKey()} and the stage names.
 */
public interface StageCatalog extends Serializable {

  /** The stage called {@code name}. */
  Stage stage(String name);

  /** The reader of input files. */
  DocumentSource source();

  /** Equal for catalogues that build the same stages (by default, same class: a stateless catalogue). */
  default String cacheKey() {
    return getClass().getName();
  }

  /** The project's catalogue: {@link RefinedWeb#stage} and {@link RefinedWeb#source}. */
  static StageCatalog refinedWeb() {
    return new RefinedWebCatalog();
  }

  /** {@link RefinedWeb}'s stages with the paper's parameters. */
  final class RefinedWebCatalog implements StageCatalog {
    private static final long serialVersionUID = 1L;

    @Override
    public Stage stage(String name) {
      return RefinedWeb.stage(name);
    }

    @Override
    public DocumentSource source() {
      return RefinedWeb.source();
    }
  }
}
