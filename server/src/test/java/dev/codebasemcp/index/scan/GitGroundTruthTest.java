package dev.codebasemcp.index.scan;

import static dev.codebasemcp.index.scan.RecordedScan.createFiles;
import static dev.codebasemcp.index.scan.RecordedScan.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Git is the ground truth for ignore rules: on the same tree, the files a scan finds must be
 * exactly those {@code git ls-files --others --exclude-standard} lists, and everything the scan
 * ignores (pruned directories included) must be ignored according to {@code git check-ignore}. Git
 * runs isolated from the user's and system's configuration. Skipped when git is missing.
 */
class GitGroundTruthTest {
  private static final IgnoreFile NO_DEFAULTS = IgnoreFile.parse("", "");

  @TempDir Path repo;
  @TempDir Path home;

  @BeforeAll
  static void gitIsAvailable() {
    boolean available;
    try {
      available = new ProcessBuilder("git", "--version").start().waitFor() == 0;
    } catch (IOException e) {
      available = false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      available = false;
    }
    assumeTrue(available, "git is not installed");
  }

  @Test
  void trickyHandWrittenPatternsAgreeWithGit() {
    git("init", "-q");
    appendInfoExclude("*.[oa]\n/scratch/\n");
    write(
        repo,
        ".gitignore",
        String.join(
            "\n",
            "# comment",
            "\\#hash.txt",
            "\\!bang.txt",
            "trailing.txt   ",
            "space\\ ",
            "star\\*name",
            "\\[x]",
            "**/gen/",
            "!**/gen/",
            "docs/**/*.html",
            "!docs/**/keep.html",
            "a/**/b/",
            "/*.md",
            "!/README.md",
            "*/only-one-down.txt",
            "cache*/",
            "logs/**",
            "!logs/important/",
            "[0-9][0-9].dat",
            "[!q]uiet.txt",
            "**/tmp/**",
            ""));
    write(repo, "sub/.gitignore", "/local\n!*.o\nnested/*\n!nested/yes\n");
    createFiles(
        repo,
        "#hash.txt",
        "!bang.txt",
        "trailing.txt",
        "space ",
        "space",
        "star*name",
        "starXname",
        "[x]",
        "x",
        "gen/keep.c",
        "deep/gen/keep.c",
        "docs/a.html",
        "docs/x/y/b.html",
        "docs/x/keep.html",
        "a/b/file",
        "a/q/r/b/file",
        "a/c/b",
        "notes.md",
        "README.md",
        "sub/notes.md",
        "one/only-one-down.txt",
        "one/two/only-one-down.txt",
        "cache1/f",
        "cachefile",
        "logs/a.log",
        "logs/important/b.log",
        "12.dat",
        "123.dat",
        "quiet.txt",
        "Quiet.txt",
        "tmp/t",
        "p/tmp/q/t",
        "lib.a",
        "sub/lib.o",
        "sub/local/f",
        "sub/x/local",
        "sub/nested/no",
        "sub/nested/yes",
        "scratch/s",
        "q/scratch/s");

    assertSameAsGit(new RepositoryScanner(RepositoryScanner.DEFAULT_MAX_FILE_SIZE, NO_DEFAULTS));
  }

  static long[] seeds() {
    return LongStream.rangeClosed(1, 30).toArray();
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void randomTreesAndPatternsAgreeWithGit(long seed) {
    new RandomTree(new Random(seed)).create(repo);
    assertSameAsGit(new RepositoryScanner(RepositoryScanner.DEFAULT_MAX_FILE_SIZE, NO_DEFAULTS));
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void builtInDefaultsAgreeWithGitGivenThemAsItsExcludesFile(long seed) {
    // core.excludesFile is git's lowest-priority source, as the defaults are the scanner's.
    write(home, "defaults-ignore", BuiltInIgnores.TEXT);
    new RandomTree(new Random(seed)).create(repo);
    assertSameAsGit(new RepositoryScanner(RepositoryScanner.DEFAULT_MAX_FILE_SIZE));
  }

  private void assertSameAsGit(RepositoryScanner scanner) {
    RecordedScan scan = RecordedScan.of(scanner, repo);
    Set<String> gitFound =
        new TreeSet<>(nulSeparated(git("ls-files", "-z", "--others", "--exclude-standard")));
    Set<String> ignored = scan.skipped(SkipReason.IGNORED);
    ignored.remove(".git/");
    Set<String> asked = new TreeSet<>();
    ignored.forEach(
        path -> asked.add(path.endsWith("/") ? path.substring(0, path.length() - 1) : path));
    Set<String> gitIgnored =
        asked.isEmpty()
            ? Set.of()
            : new TreeSet<>(
                nulSeparated(
                    gitWithInput(
                        String.join("\0", asked) + "\0",
                        "check-ignore",
                        "-z",
                        "--stdin",
                        "--no-index")));

    String context = describeIgnoreFiles();
    assertEquals(gitFound, scan.found(), () -> "files found differ from git's\n" + context);
    assertEquals(asked, gitIgnored, () -> "git does not ignore all we ignore\n" + context);
    assertEquals(Set.of(), scan.skipped(SkipReason.UNREADABLE), context);
  }

  private String describeIgnoreFiles() {
    StringBuilder text = new StringBuilder();
    try (var paths = Files.walk(repo)) {
      for (Path path : paths.sorted().toList()) {
        String name = path.getFileName().toString();
        if (name.equals(".gitignore") || name.equals("exclude")) {
          text.append("--- ").append(repo.relativize(path)).append('\n');
          text.append(Files.readString(path));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return text.toString();
  }

  private void appendInfoExclude(String patterns) {
    try {
      Files.writeString(
          repo.resolve(".git/info/exclude"),
          patterns,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> nulSeparated(String output) {
    return Arrays.stream(output.split("\0")).filter(s -> !s.isEmpty()).toList();
  }

  private String git(String... args) {
    return gitWithInput("", args);
  }

  private String gitWithInput(String input, String... args) {
    List<String> command = new ArrayList<>(List.of("git", "-c", "init.defaultBranch=main"));
    Path excludes = home.resolve("defaults-ignore");
    if (Files.exists(excludes)) {
      command.addAll(List.of("-c", "core.excludesFile=" + excludes));
    }
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(repo.toFile());
    builder.environment().keySet().removeIf(name -> name.startsWith("GIT_"));
    builder.environment().put("GIT_CONFIG_NOSYSTEM", "1");
    builder.environment().put("GIT_CONFIG_GLOBAL", "/dev/null");
    builder.environment().put("HOME", home.toString());
    builder.environment().put("XDG_CONFIG_HOME", home.toString());
    builder.redirectError(ProcessBuilder.Redirect.INHERIT);
    try {
      Process process = builder.start();
      process.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
      process.getOutputStream().close();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("git " + String.join(" ", args) + " did not finish");
      }
      // check-ignore exits with 1 when nothing is ignored.
      if (process.exitValue() > 1) {
        throw new AssertionError(
            "git " + String.join(" ", args) + " failed: " + process.exitValue());
      }
      return output;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /**
   * A random tree of files and ignore files, from names chosen to collide with patterns and with
   * the built-in defaults: literal names, globs, classes, anchors, {@code **}, negations, escapes.
   */
  private final class RandomTree {
    private static final String[] DIRECTORIES = {
      "a", "b", "ab", "logs", "build", "dist", "node_modules", "x.y", "#d", "!d", "gen"
    };
    private static final String[] FILES = {
      "a",
      "b.txt",
      "c.md",
      "ab.txt",
      "a.log",
      "x.min.js",
      "y.png",
      "package-lock.json",
      "#notes",
      "!imp",
      "t ",
      "Q.TXT",
      "bb",
      "x.y"
    };

    private final Random random;
    private final Set<String> files = new TreeSet<>();
    private final Set<String> directories = new TreeSet<>();

    RandomTree(Random random) {
      this.random = random;
    }

    void create(Path root) {
      git("init", "-q");
      for (int i = 0; i < 60; i++) {
        addFile();
      }
      createFiles(root, files.toArray(String[]::new));
      write(root, ".gitignore", ignoreFile());
      List<String> candidates = new ArrayList<>(directories);
      for (int i = 0; i < 3 && !candidates.isEmpty(); i++) {
        String directory = candidates.get(random.nextInt(candidates.size()));
        write(root, directory + "/.gitignore", ignoreFile());
      }
      if (random.nextBoolean()) {
        appendInfoExclude(pattern() + "\n");
      }
    }

    private void addFile() {
      StringBuilder path = new StringBuilder();
      int depth = random.nextInt(4);
      for (int d = 0; d < depth; d++) {
        path.append(pick(DIRECTORIES));
        if (files.contains(path.toString())) {
          return; // a file already has this name
        }
        path.append('/');
      }
      String file = path + pick(FILES);
      boolean clashes = directories.contains(file);
      String prefix = "";
      for (String segment : file.split("/")) {
        prefix = prefix.isEmpty() ? segment : prefix + "/" + segment;
        clashes |= !prefix.equals(file) && files.contains(prefix);
      }
      if (clashes) {
        return;
      }
      files.add(file);
      prefix = "";
      String[] segments = file.split("/");
      for (int i = 0; i < segments.length - 1; i++) {
        prefix = prefix.isEmpty() ? segments[i] : prefix + "/" + segments[i];
        directories.add(prefix);
      }
    }

    private String ignoreFile() {
      int count = 2 + random.nextInt(6);
      return IntStream.range(0, count)
              .mapToObj(i -> random.nextInt(12) == 0 ? "# comment " + i : pattern())
              .collect(Collectors.joining("\n"))
          + "\n";
    }

    private String pattern() {
      int segments = 1 + (random.nextInt(3) == 0 ? 1 : 0) + (random.nextInt(8) == 0 ? 1 : 0);
      List<String> parts = new ArrayList<>();
      for (int i = 0; i < segments; i++) {
        parts.add(glob(random.nextBoolean() ? pick(DIRECTORIES) : pick(FILES)));
      }
      String pattern =
          switch (random.nextInt(10)) {
            case 0 -> "**/" + String.join("/", parts);
            case 1 -> String.join("/", parts) + "/**";
            case 2 -> parts.getFirst() + "/**/" + String.join("/", parts.subList(1, parts.size()));
            case 3 -> "/" + String.join("/", parts);
            default -> String.join("/", parts);
          };
      if (pattern.endsWith("/")) {
        pattern = pattern.substring(0, pattern.length() - 1);
      }
      if (random.nextInt(4) == 0) {
        pattern += "/";
      }
      if (pattern.startsWith("#") || pattern.startsWith("!")) {
        pattern = "\\" + pattern;
      }
      if (random.nextInt(3) == 0) {
        pattern = "!" + pattern;
      }
      return random.nextInt(10) == 0 ? pattern + "  " : pattern;
    }

    private String glob(String name) {
      int at = random.nextInt(name.length());
      return switch (random.nextInt(9)) {
        case 0 -> "*";
        case 1 -> name.charAt(0) + "*";
        case 2 -> "*" + name.charAt(name.length() - 1);
        case 3 -> name.substring(0, at) + "?" + name.substring(at + 1);
        case 4 -> "[" + name.charAt(0) + "q]" + name.substring(1);
        case 5 -> "[!" + name.charAt(0) + "]" + name.substring(1);
        case 6 -> "[a-c]" + name.substring(1);
        default -> name;
      };
    }

    private String pick(String[] names) {
      return names[random.nextInt(names.length)];
    }
  }
}
