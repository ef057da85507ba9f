package dev.codebasemcp.index.scan;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Walks a repository and sorts every entry into a candidate file or a skipped entry with a {@link
 * SkipReason}, so that nothing is left out silently. Immutable and thread-safe; a scan calls its
 * callbacks on the calling thread only, in a stable order: names sorted within a directory, and a
 * directory's own files before anything inside its subdirectories.
 *
 * <p><b>Ignore rules.</b> {@code .gitignore} at every level, {@code .git/info/exclude}, {@code
 * .codebase-mcp-ignore} at every level and the {@link BuiltInIgnores built-in defaults}, with
 * gitignore semantics and the priorities described in {@link IgnoreRules}. {@code .git} is never
 * indexed; a nested repository (a submodule) is scanned like any directory, without its {@code
 * .git}. Per-user excludes ({@code core.excludesFile}) are not read: an index should not depend on
 * whose machine built it. The root is the top of the tree: ignore files above it are not read.
 *
 * <p><b>Counting.</b> An ignored directory is pruned without being read: it is reported, and
 * counted, as <em>one</em> ignored entry whose path ends with '/' (such as {@code node_modules/}),
 * not as the files inside it. Listing a pruned {@code node_modules} only to count its files would
 * cost more than the rest of the scan, and nothing inside could be re-included anyway (git does not
 * look inside an excluded directory either).
 *
 * <p><b>Symbolic links</b> are judged by the link's own path for the ignore rules (as git, which
 * treats a link as a file, so {@code dir/} patterns never match one). A link to a regular file
 * inside the repository is indexed under the link's path. Links to directories are never followed,
 * even inside the repository: following them could loop or index a subtree twice. Links that
 * resolve outside the root, into {@code .git}, to nothing, or into a loop, and links to
 * directories, are skipped as {@link SkipReason#SYMLINK}.
 *
 * <p><b>Special files</b> (sockets, FIFOs, devices) are {@link SkipReason#UNREADABLE}, told from
 * their attributes without ever being opened: opening a FIFO blocks.
 */
public final class RepositoryScanner {
  /** The size limit a file is indexed up to, inclusive, unless configured otherwise: 1 MiB. */
  public static final long DEFAULT_MAX_FILE_SIZE = 1 << 20;

  static final String GITIGNORE = ".gitignore";
  static final String PROJECT_IGNORE = ".codebase-mcp-ignore";

  private static final Logger LOG = LoggerFactory.getLogger(RepositoryScanner.class);

  private final long maxFileSize;
  private final IgnoreFile defaults;

  /**
   * @param maxFileSize largest size in bytes a file may have to be indexed; larger files are
   *     skipped as {@link SkipReason#TOO_LARGE}
   */
  public RepositoryScanner(long maxFileSize) {
    this(maxFileSize, BuiltInIgnores.FILE);
  }

  /** A scanner with other defaults than the built-in ones, for tests that compare with git. */
  RepositoryScanner(long maxFileSize, IgnoreFile defaults) {
    SourceFiles.checkMaxFileSize(maxFileSize);
    this.maxFileSize = maxFileSize;
    this.defaults = Objects.requireNonNull(defaults, "defaults");
  }

  /**
   * Walks the repository at {@code root}.
   *
   * @param found called with each candidate file: a regular file (or a link to one inside the
   *     repository) that is not ignored and not over the size limit
   * @param skipped called with the '/'-separated relative path and reason of each skipped entry
   * @return the number of files found and of entries skipped per reason
   * @throws ScanException when the root is missing, not a directory, or cannot be listed
   */
  public ScanSummary scan(
      Path root, Consumer<ScannedFile> found, BiConsumer<String, SkipReason> skipped) {
    Objects.requireNonNull(found, "found");
    Objects.requireNonNull(skipped, "skipped");
    Path start = root.toAbsolutePath().normalize();
    Path realRoot;
    try {
      realRoot = start.toRealPath();
    } catch (IOException e) {
      throw new ScanException("Cannot scan " + start + ": it does not exist or is unreachable", e);
    }
    if (!Files.isDirectory(realRoot)) {
      throw new ScanException("Cannot scan " + start + ": it is not a directory");
    }
    IgnoreRules rules = IgnoreRules.forRepository(infoExclude(start), defaults);
    return new Walk(start, realRoot, found, skipped).run(rules);
  }

  private static IgnoreFile infoExclude(Path root) {
    return GitDirectory.infoExclude(root).map(file -> readIgnoreFile(file, "")).orElse(null);
  }

  /** The patterns of an ignore file, or null (with a warning) when it cannot be read. */
  private static IgnoreFile readIgnoreFile(Path file, String base) {
    try {
      // Lenient decoding: a stray byte spoils at most its own pattern, as in git.
      return IgnoreFile.parse(base, new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
    } catch (IOException e) {
      LOG.warn("Cannot read {} ({}); scanning without its patterns", file, e.toString());
      return null;
    }
  }

  /** One scan's state: the callbacks, the counts, and the directories still to visit. */
  private final class Walk {
    private record Directory(
        Path path, String relativePath, IgnoreRules rules, boolean defaultsDecide) {}

    /** A directory entry with its own attributes (not its target's); null when they are gone. */
    private record Entry(String name, Path path, BasicFileAttributes attributes) {}

    private final Path root;
    private final Path realRoot;
    private final Consumer<ScannedFile> found;
    private final BiConsumer<String, SkipReason> skipped;
    private final Deque<Directory> pending = new ArrayDeque<>();
    private final int[] skipCounts = new int[SkipReason.values().length];
    private int filesFound;

    Walk(
        Path root,
        Path realRoot,
        Consumer<ScannedFile> found,
        BiConsumer<String, SkipReason> skipped) {
      this.root = root;
      this.realRoot = realRoot;
      this.found = found;
      this.skipped = skipped;
    }

    ScanSummary run(IgnoreRules rules) {
      pending.push(new Directory(root, "", rules, false));
      while (!pending.isEmpty()) {
        visit(pending.pop());
      }
      Map<SkipReason, Integer> counts = new EnumMap<>(SkipReason.class);
      for (SkipReason reason : SkipReason.values()) {
        counts.put(reason, skipCounts[reason.ordinal()]);
      }
      return new ScanSummary(filesFound, counts);
    }

    private void visit(Directory directory) {
      String relative = directory.relativePath();
      List<Entry> entries;
      try {
        entries = list(directory.path());
      } catch (IOException e) {
        if (relative.isEmpty()) {
          throw new ScanException("Cannot list the repository root " + root + ": " + e, e);
        }
        skip(relative + "/", SkipReason.UNREADABLE);
        return;
      }
      if (directory.defaultsDecide() && holdsFile(entries, "pyvenv.cfg")) {
        skip(relative + "/", SkipReason.IGNORED);
        return;
      }
      String base = relative.isEmpty() ? "" : relative + "/";
      IgnoreRules rules =
          directory
              .rules()
              .enter(
                  ignoreFile(entries, GITIGNORE, base), ignoreFile(entries, PROJECT_IGNORE, base));
      List<Directory> subdirectories = new ArrayList<>();
      for (Entry entry : entries) {
        String path = base + entry.name();
        BasicFileAttributes attributes = entry.attributes();
        if (attributes == null) {
          skip(path, SkipReason.UNREADABLE);
          continue;
        }
        boolean isDirectory = attributes.isDirectory();
        IgnoreVerdict verdict =
            entry.name().equals(".git") ? IgnoreVerdict.IGNORED : rules.match(path, isDirectory);
        if (verdict == IgnoreVerdict.IGNORED) {
          skip(isDirectory ? path + "/" : path, SkipReason.IGNORED);
        } else if (isDirectory) {
          boolean defaultsDecide = verdict == IgnoreVerdict.UNMATCHED;
          subdirectories.add(new Directory(entry.path(), path, rules, defaultsDecide));
        } else if (attributes.isRegularFile()) {
          offer(entry.path(), path, attributes);
        } else if (attributes.isSymbolicLink()) {
          followLink(entry.path(), path);
        } else {
          skip(path, SkipReason.UNREADABLE);
        }
      }
      for (int i = subdirectories.size() - 1; i >= 0; i--) {
        pending.push(subdirectories.get(i));
      }
    }

    private static List<Entry> list(Path directory) throws IOException {
      List<Entry> entries = new ArrayList<>();
      try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
        for (Path path : stream) {
          BasicFileAttributes attributes;
          try {
            attributes =
                Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
          } catch (IOException e) {
            attributes = null; // removed since listed, or not accessible
          }
          entries.add(new Entry(path.getFileName().toString(), path, attributes));
        }
      } catch (DirectoryIteratorException e) {
        throw e.getCause();
      }
      entries.sort(Comparator.comparing(Entry::name));
      return entries;
    }

    private static boolean holdsFile(List<Entry> entries, String name) {
      for (Entry entry : entries) {
        if (entry.name().equals(name)
            && entry.attributes() != null
            && entry.attributes().isRegularFile()) {
          return true;
        }
      }
      return false;
    }

    /**
     * The directory's ignore file called {@code name}, or null. Like git, a symbolic link in its
     * place is not followed.
     */
    private static IgnoreFile ignoreFile(List<Entry> entries, String name, String base) {
      for (Entry entry : entries) {
        if (entry.name().equals(name)
            && entry.attributes() != null
            && entry.attributes().isRegularFile()) {
          return readIgnoreFile(entry.path(), base);
        }
      }
      return null;
    }

    private void offer(Path path, String relativePath, BasicFileAttributes attributes) {
      if (attributes.size() > maxFileSize) {
        skip(relativePath, SkipReason.TOO_LARGE);
        return;
      }
      filesFound++;
      found.accept(
          new ScannedFile(
              path, relativePath, attributes.size(), attributes.lastModifiedTime().toInstant()));
    }

    private void followLink(Path link, String relativePath) {
      Path target;
      try {
        target = link.toRealPath();
      } catch (IOException e) {
        skip(relativePath, SkipReason.SYMLINK); // dangling, or a loop (ELOOP)
        return;
      }
      if (!target.startsWith(realRoot) || throughGitDirectory(target)) {
        skip(relativePath, SkipReason.SYMLINK);
        return;
      }
      BasicFileAttributes attributes;
      try {
        attributes =
            Files.readAttributes(target, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      } catch (IOException e) {
        skip(relativePath, SkipReason.UNREADABLE);
        return;
      }
      if (attributes.isRegularFile()) {
        offer(link, relativePath, attributes);
      } else {
        skip(relativePath, attributes.isDirectory() ? SkipReason.SYMLINK : SkipReason.UNREADABLE);
      }
    }

    private boolean throughGitDirectory(Path target) {
      for (Path segment : realRoot.relativize(target)) {
        if (segment.toString().equals(".git")) {
          return true;
        }
      }
      return false;
    }

    private void skip(String relativePath, SkipReason reason) {
      skipCounts[reason.ordinal()]++;
      skipped.accept(relativePath, reason);
    }
  }
}
