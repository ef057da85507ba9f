package dev.codebasemcp.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The benchmark's corpus: the running JDK's own sources ({@code lib/src.zip}, about 15,000 Java
 * files on every machine with a full JDK), extracted once under {@code $CODEBASE_MCP_HOME/bench}.
 * Not thread-safe.
 */
final class Corpus {
  private final Path dir;
  private final PrintStream log;

  Corpus(Path dir, PrintStream log) {
    this.dir = dir;
    this.log = log;
  }

  /** A repository of the first {@code count} Java files of src.zip (in name order). */
  Path javaFiles(String name, int count) throws IOException {
    return extract(name, count);
  }

  /** A repository of every Java file in src.zip. */
  Path allSources(String name) throws IOException {
    return extract(name, Integer.MAX_VALUE);
  }

  /** A file the benchmark may edit and restore. */
  Path editableFile(Path repo) {
    Path file = repo.resolve("java.base/java/util/Objects.java");
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException("expected " + file + " in the corpus");
    }
    return file;
  }

  private Path extract(String name, int count) throws IOException {
    Path target = dir.resolve(name);
    // Beside the repository, not in it: it would be indexed as one more file.
    Path marker = dir.resolve(name + ".extracted");
    if (Files.exists(marker)) {
      return target;
    }
    Path zip = Path.of(System.getProperty("java.home"), "lib", "src.zip");
    if (!Files.isRegularFile(zip)) {
      throw new IllegalStateException(
          "The benchmark's corpus is the JDK's own lib/src.zip, and "
              + zip
              + " is missing"
              + " (Debian: install openjdk-NN-source, or use a full JDK such as Temurin's).");
    }
    log.printf(
        "bench: extracting %s Java files of %s into %s%n",
        count == Integer.MAX_VALUE ? "all" : count, zip, target);
    try (ZipFile source = new ZipFile(zip.toFile())) {
      List<ZipEntry> entries = new ArrayList<>();
      try (Stream<? extends ZipEntry> all = source.stream()) {
        all.filter(e -> !e.isDirectory() && e.getName().endsWith(".java"))
            .sorted((a, b) -> a.getName().compareTo(b.getName()))
            .limit(count)
            .forEach(entries::add);
      }
      for (ZipEntry entry : entries) {
        Path file = target.resolve(entry.getName()).normalize();
        if (!file.startsWith(target)) {
          continue;
        }
        Files.createDirectories(file.getParent());
        try (InputStream in = source.getInputStream(entry)) {
          Files.copy(in, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    Files.writeString(marker, "extracted by scripts/bench\n");
    return target;
  }
}
