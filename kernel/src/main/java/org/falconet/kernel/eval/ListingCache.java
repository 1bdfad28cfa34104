package org.falconet.kernel.eval;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;

/**
 * The compiler's file manager with package listings remembered between cells: JShell compiles every
 * cell in a fresh compiler task; each task sets {@code --multi-release} again, which makes javac drop its
 * index of the class path's jars, and asks for the contents of every imported package again, which javac
 * answers by re-indexing every jar (a third of a trivial cell's time with the library's ~90 jars). Here
 * an unchanged option is not passed on, and listings are kept. The class path's jars and class folders are taken not to change while the
 * kernel runs, so listings are kept; a change of class path (a {@code %maven}, {@code %jars} or
 * {@code %classpath} magic) forgets them all. A class written into a folder already on the class path
 * after the kernel started is seen after the next class-path change or a restart.
 */
final class ListingCache extends ForwardingJavaFileManager<StandardJavaFileManager> implements StandardJavaFileManager {
  private record Key(Location location, String packageName, Set<JavaFileObject.Kind> kinds, boolean recurse) {}

  private final Map<Key, List<JavaFileObject>> listings = new ConcurrentHashMap<>();
  private String multiRelease;

  ListingCache(StandardJavaFileManager delegate) {
    super(delegate);
  }

  @Override
  public Iterable<JavaFileObject> list(Location location, String packageName, Set<JavaFileObject.Kind> kinds, boolean recurse)
      throws IOException {
    if (!cacheable(location)) {
      return fileManager.list(location, packageName, kinds, recurse);
    }
    Key key = new Key(location, packageName, Set.copyOf(kinds), recurse);
    List<JavaFileObject> known = listings.get(key);
    if (known == null) {
      known = new ArrayList<>();
      for (JavaFileObject f : fileManager.list(location, packageName, kinds, recurse)) {
        known.add(f);
      }
      known = List.copyOf(known);
      listings.put(key, known);
    }
    return known;
  }

  private boolean cacheable(Location location) {
    return location == StandardLocation.CLASS_PATH || location == StandardLocation.PLATFORM_CLASS_PATH
        || location.getName().startsWith("SYSTEM_MODULES");
  }

  private void forget() {
    listings.clear();
  }

  @Override
  public boolean handleOption(String current, Iterator<String> remaining) {
    if ("--multi-release".equals(current) && remaining.hasNext()) {
      // Every compiler task sets this option again, and javac drops its jar index whenever a file-manager
      // option is set: pass it on only when it changes.
      String release = remaining.next();
      if (release.equals(multiRelease)) {
        return true;
      }
      multiRelease = release;
      remaining = List.of(release).iterator();
    }
    boolean handled = fileManager.handleOption(current, remaining);
    forget();
    return handled;
  }

  @Override
  public void setLocation(Location location, Iterable<? extends File> files) throws IOException {
    fileManager.setLocation(location, files);
    forget();
  }

  @Override
  public void setLocationFromPaths(Location location, Collection<? extends Path> paths) throws IOException {
    fileManager.setLocationFromPaths(location, paths);
    forget();
  }

  @Override
  public void setLocationForModule(Location location, String moduleName, Collection<? extends Path> paths) throws IOException {
    fileManager.setLocationForModule(location, moduleName, paths);
    forget();
  }

  @Override
  public boolean isSameFile(FileObject a, FileObject b) {
    return fileManager.isSameFile(a, b);
  }

  @Override
  public Iterable<? extends JavaFileObject> getJavaFileObjectsFromFiles(Iterable<? extends File> files) {
    return fileManager.getJavaFileObjectsFromFiles(files);
  }

  @Override
  public Iterable<? extends JavaFileObject> getJavaFileObjectsFromPaths(Collection<? extends Path> paths) {
    return fileManager.getJavaFileObjectsFromPaths(paths);
  }

  @Override
  public Iterable<? extends JavaFileObject> getJavaFileObjects(File... files) {
    return fileManager.getJavaFileObjects(files);
  }

  @Override
  public Iterable<? extends JavaFileObject> getJavaFileObjects(Path... paths) {
    return fileManager.getJavaFileObjects(paths);
  }

  @Override
  public Iterable<? extends JavaFileObject> getJavaFileObjectsFromStrings(Iterable<String> names) {
    return fileManager.getJavaFileObjectsFromStrings(names);
  }

  @Override
  public Iterable<? extends JavaFileObject> getJavaFileObjects(String... names) {
    return fileManager.getJavaFileObjects(names);
  }

  @Override
  public Iterable<? extends File> getLocation(Location location) {
    return fileManager.getLocation(location);
  }

  @Override
  public Iterable<? extends Path> getLocationAsPaths(Location location) {
    return fileManager.getLocationAsPaths(location);
  }

  @Override
  public Path asPath(FileObject file) {
    return fileManager.asPath(file);
  }

  @Override
  public void setPathFactory(PathFactory f) {
    fileManager.setPathFactory(f);
  }
}
