package dev.codebasemcp.schema;

import java.io.IOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The two families of migrations codebase-mcp applies: the registry, once per database, and the
 * code index, once per workspace schema. Each versioned script {@code V<n>__<name>.sql} under
 * {@code db/migration/<set>/} ships its inverse {@code U<n>__<name>.sql} under {@code
 * db/undo/<set>/}, a location Flyway never scans.
 */
public enum MigrationSet {
  /** Schema {@code project_registry}: workspaces and indexing jobs. */
  REGISTRY("registry"),
  /** One schema per workspace: repositories, files and chunks with their embeddings. */
  WORKSPACE("workspace");

  private final String directory;

  MigrationSet(String directory) {
    this.directory = directory;
  }

  /** Classpath directory of the versioned scripts, as Flyway's location syntax wants it. */
  String flywayLocation() {
    return "classpath:" + migrationDirectory();
  }

  /** Classpath directory (no leading slash) of the versioned scripts. */
  public String migrationDirectory() {
    return "db/migration/" + directory;
  }

  /** Classpath directory (no leading slash) of the inverse scripts. */
  public String undoDirectory() {
    return "db/undo/" + directory;
  }

  /**
   * The newest version among the versioned scripts this build ships, read from the classpath
   * directory (in a jar or on disk) without starting Flyway; empty when it cannot be listed.
   */
  public Optional<String> latestShippedVersion() {
    String dir = migrationDirectory();
    URL url = MigrationSet.class.getClassLoader().getResource(dir);
    if (url == null) {
      return Optional.empty();
    }
    List<String> names = new ArrayList<>();
    try {
      if (url.getProtocol().equals("jar")) {
        JarURLConnection connection = (JarURLConnection) url.openConnection();
        connection.setUseCaches(false);
        try (JarFile jar = connection.getJarFile()) {
          jar.stream()
              .map(JarEntry::getName)
              .filter(n -> n.startsWith(dir + "/") && n.indexOf('/', dir.length() + 1) < 0)
              .forEach(n -> names.add(n.substring(dir.length() + 1)));
        }
      } else if (url.getProtocol().equals("file")) {
        try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
          files.forEach(f -> names.add(f.getFileName().toString()));
        }
      } else {
        return Optional.empty();
      }
    } catch (IOException | URISyntaxException | RuntimeException e) {
      return Optional.empty();
    }
    return names.stream()
        .map(VERSIONED::matcher)
        .filter(Matcher::matches)
        .map(m -> Integer.parseInt(m.group(1)))
        .max(Comparator.naturalOrder())
        .map(String::valueOf);
  }

  private static final Pattern VERSIONED = Pattern.compile("V(\\d+)__.+\\.sql");

  /** The inverse script's resource path for a versioned script file name such as V2__jobs.sql. */
  public String undoResource(String versionedScript) {
    if (!versionedScript.startsWith("V")) {
      throw new IllegalArgumentException("not a versioned migration script: " + versionedScript);
    }
    return undoDirectory() + "/U" + versionedScript.substring(1);
  }
}
