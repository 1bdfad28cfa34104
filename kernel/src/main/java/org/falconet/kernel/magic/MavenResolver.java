package org.falconet.kernel.magic;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.repository.internal.MavenRepositorySystemUtils;
import org.eclipse.aether.DefaultRepositorySystemSession;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.repository.LocalRepository;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.resolution.DependencyRequest;
import org.eclipse.aether.resolution.DependencyResolutionException;
import org.eclipse.aether.supplier.RepositorySystemSupplier;
import org.eclipse.aether.util.artifact.JavaScopes;
import org.eclipse.aether.util.filter.DependencyFilterUtils;

/**
 * Resolves Maven coordinates to jar files with the Maven resolver: the artifact and its runtime
 * dependencies, from the local repository first and Maven Central when online.
 */
public final class MavenResolver {
  /** Maven Central's URL. */
  public static final String CENTRAL = "https://repo.maven.apache.org/maven2/";

  private final Path localRepository;
  private final List<RemoteRepository> remotes;
  private final boolean offline;
  private RepositorySystem system;

  /**
   * @param localRepository the local repository (usually {@code ~/.m2/repository})
   * @param remoteUrls      remote repositories to try, in order (Central by default)
   * @param offline         resolve from the local repository only
   */
  public MavenResolver(Path localRepository, List<String> remoteUrls, boolean offline) {
    this.localRepository = localRepository;
    this.offline = offline;
    List<RemoteRepository> r = new ArrayList<>();
    for (int i = 0; i < remoteUrls.size(); i++) {
      r.add(new RemoteRepository.Builder(i == 0 ? "central" : "repo" + i, "default", remoteUrls.get(i)).build());
    }
    this.remotes = List.copyOf(r);
  }

  /** The user's repository ({@code -Dmaven.repo.local} or {@code ~/.m2/repository}) and Central. */
  public static MavenResolver standard() {
    String local = System.getProperty("maven.repo.local");
    Path repo = local != null ? Path.of(local) : Path.of(System.getProperty("user.home"), ".m2", "repository");
    return new MavenResolver(repo, List.of(CENTRAL), Boolean.getBoolean("falconet.maven.offline"));
  }

  /**
   * The jars of {@code coordinates} ({@code group:artifact[:extension[:classifier]]:version}) and its
   * runtime dependencies.
   *
   * @throws IllegalArgumentException for malformed coordinates
   * @throws IllegalStateException    when something cannot be resolved (the message names it)
   */
  public synchronized List<File> resolve(String coordinates) {
    DefaultArtifact artifact;
    try {
      artifact = new DefaultArtifact(coordinates.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("bad Maven coordinates '" + coordinates
          + "': expected group:artifact:version (or group:artifact:extension[:classifier]:version)");
    }
    if (system == null) {
      system = new RepositorySystemSupplier().get();
    }
    DefaultRepositorySystemSession session = MavenRepositorySystemUtils.newSession();
    session.setLocalRepositoryManager(system.newLocalRepositoryManager(session, new LocalRepository(localRepository.toFile())));
    session.setOffline(offline);
    CollectRequest collect = new CollectRequest(new Dependency(artifact, JavaScopes.RUNTIME), remotes);
    DependencyRequest request = new DependencyRequest(collect, DependencyFilterUtils.classpathFilter(JavaScopes.RUNTIME));
    try {
      List<File> files = new ArrayList<>();
      for (ArtifactResult r : system.resolveDependencies(session, request).getArtifactResults()) {
        files.add(r.getArtifact().getFile());
      }
      return files;
    } catch (DependencyResolutionException e) {
      Throwable root = e;
      while (root.getCause() != null) {
        root = root.getCause();
      }
      throw new IllegalStateException("cannot resolve " + coordinates.strip() + ": " + root.getMessage()
          + (offline ? " (offline: only " + localRepository + " was searched)" : ""));
    }
  }
}
