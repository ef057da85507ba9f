package dev.codebasemcp.index.scan;

/**
 * The ignore rules in force in one directory of a walk, one node per directory that has ignore
 * files, linked to its parent's. Immutable and thread-safe.
 *
 * <p>Sources by priority, highest first; the first source with a matching pattern decides, and
 * within a source the last matching pattern wins:
 *
 * <ol>
 *   <li>{@code .codebase-mcp-ignore} files, the deepest directory first: the project's own word on
 *       what to index, so it can re-include what git ignores (as ripgrep's {@code .ignore} does);
 *   <li>{@code .gitignore} files, the deepest directory first (git's order);
 *   <li>{@code .git/info/exclude};
 *   <li>the built-in defaults, lowest, so that any {@code !} negation above re-includes what they
 *       exclude.
 * </ol>
 */
final class IgnoreRules {
  private final IgnoreRules parent;
  private final IgnoreFile gitignore;
  private final IgnoreFile projectIgnore;
  private final IgnoreFile infoExclude;
  private final IgnoreFile defaults;

  private IgnoreRules(
      IgnoreRules parent,
      IgnoreFile gitignore,
      IgnoreFile projectIgnore,
      IgnoreFile infoExclude,
      IgnoreFile defaults) {
    this.parent = parent;
    this.gitignore = gitignore;
    this.projectIgnore = projectIgnore;
    this.infoExclude = infoExclude;
    this.defaults = defaults;
  }

  /** The rules at a repository's root, before its own ignore files are read. */
  static IgnoreRules forRepository(IgnoreFile infoExclude, IgnoreFile defaults) {
    return new IgnoreRules(null, null, null, infoExclude, defaults);
  }

  /**
   * The rules inside a directory with these ignore files (null or empty when absent); {@code this}
   * when it has none.
   */
  IgnoreRules enter(IgnoreFile gitignore, IgnoreFile projectIgnore) {
    IgnoreFile git = gitignore == null || gitignore.isEmpty() ? null : gitignore;
    IgnoreFile project = projectIgnore == null || projectIgnore.isEmpty() ? null : projectIgnore;
    if (git == null && project == null) {
      return this;
    }
    return new IgnoreRules(this, git, project, infoExclude, defaults);
  }

  /** What the rules say about {@code path}, relative to the root and inside this directory. */
  IgnoreVerdict match(String path, boolean isDirectory) {
    int nameStart = path.lastIndexOf('/') + 1;
    for (IgnoreRules rules = this; rules != null; rules = rules.parent) {
      IgnoreVerdict verdict = matchFile(rules.projectIgnore, path, nameStart, isDirectory);
      if (verdict != IgnoreVerdict.UNMATCHED) {
        return verdict;
      }
    }
    for (IgnoreRules rules = this; rules != null; rules = rules.parent) {
      IgnoreVerdict verdict = matchFile(rules.gitignore, path, nameStart, isDirectory);
      if (verdict != IgnoreVerdict.UNMATCHED) {
        return verdict;
      }
    }
    IgnoreVerdict verdict = matchFile(infoExclude, path, nameStart, isDirectory);
    return verdict != IgnoreVerdict.UNMATCHED
        ? verdict
        : matchFile(defaults, path, nameStart, isDirectory);
  }

  private static IgnoreVerdict matchFile(
      IgnoreFile file, String path, int nameStart, boolean isDirectory) {
    return file == null ? IgnoreVerdict.UNMATCHED : file.match(path, nameStart, isDirectory);
  }
}
