package dev.codebasemcp.index.scan;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** A scan's callbacks as they were called, and the files of a test tree. */
record RecordedScan(List<ScannedFile> files, Map<String, SkipReason> skipped, ScanSummary summary) {

  static RecordedScan of(Path root) {
    return of(new RepositoryScanner(RepositoryScanner.DEFAULT_MAX_FILE_SIZE), root);
  }

  static RecordedScan of(RepositoryScanner scanner, Path root) {
    List<ScannedFile> files = new ArrayList<>();
    Map<String, SkipReason> skipped = new LinkedHashMap<>();
    ScanSummary summary =
        scanner.scan(
            root,
            files::add,
            (path, reason) -> {
              if (skipped.put(path, reason) != null) {
                throw new AssertionError("skipped twice: " + path);
              }
            });
    return new RecordedScan(files, skipped, summary);
  }

  /** Relative paths of the files found, sorted. */
  Set<String> found() {
    Set<String> paths = new TreeSet<>();
    files.forEach(file -> paths.add(file.relativePath()));
    return paths;
  }

  /** Relative paths skipped for {@code reason}, sorted. */
  Set<String> skipped(SkipReason reason) {
    Set<String> paths = new TreeSet<>();
    skipped.forEach(
        (path, why) -> {
          if (why == reason) {
            paths.add(path);
          }
        });
    return paths;
  }

  /** Creates each file (and its directories) with a line of text naming it. */
  static void createFiles(Path root, String... relativePaths) {
    for (String path : relativePaths) {
      write(root, path, "content of " + path + "\n");
    }
  }

  static void write(Path root, String relativePath, String text) {
    write(root, relativePath, text.getBytes(StandardCharsets.UTF_8));
  }

  static void write(Path root, String relativePath, byte[] bytes) {
    try {
      Path file = root.resolve(relativePath);
      Files.createDirectories(file.getParent());
      Files.write(file, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
