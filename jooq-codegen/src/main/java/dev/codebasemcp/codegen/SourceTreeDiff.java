package dev.codebasemcp.codegen;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/** Compares two directory trees of source files by relative path and content. Stateless. */
public final class SourceTreeDiff {
  private SourceTreeDiff() {}

  /**
   * The differences between {@code expected} and {@code actual}, one line each ("changed: x",
   * "missing: x", "unexpected: x"); empty when the trees are the same.
   */
  public static List<String> compare(Path expected, Path actual) throws IOException {
    Set<String> expectedFiles = files(expected);
    Set<String> actualFiles = files(actual);
    List<String> differences = new ArrayList<>();
    for (String file : expectedFiles) {
      if (!actualFiles.contains(file)) {
        differences.add("missing: " + file);
      } else if (Files.mismatch(expected.resolve(file), actual.resolve(file)) >= 0) {
        differences.add("changed: " + file);
      }
    }
    for (String file : actualFiles) {
      if (!expectedFiles.contains(file)) {
        differences.add("unexpected: " + file);
      }
    }
    return differences;
  }

  private static Set<String> files(Path root) throws IOException {
    if (!Files.isDirectory(root)) {
      return Set.of();
    }
    try (Stream<Path> paths = Files.walk(root)) {
      return paths
          .filter(Files::isRegularFile)
          .map(p -> root.relativize(p).toString())
          .collect(TreeSet::new, Set::add, Set::addAll);
    }
  }
}
