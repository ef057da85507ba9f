package dev.codebasemcp.index.scan;

import static dev.codebasemcp.index.scan.RecordedScan.createFiles;
import static dev.codebasemcp.index.scan.RecordedScan.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which files a scan keeps and which it ignores. Many cases are the examples of the gitignore(5)
 * manual page; {@link GitGroundTruthTest} checks the same machinery against git itself.
 */
class RepositoryScannerIgnoreTest {
  @TempDir Path repo;

  @Test
  void nestedGitignoreAppliesRelativeToItsOwnDirectory() {
    write(repo, ".gitignore", "*.log\n");
    write(repo, "sub/.gitignore", "/local.txt\ndata/\n");
    createFiles(
        repo,
        "a.log",
        "sub/b.log",
        "local.txt",
        "sub/local.txt",
        "sub/deeper/local.txt",
        "sub/data/x.txt",
        "sub/deeper/data/y.txt",
        "data/z.txt");

    RecordedScan scan = RecordedScan.of(repo);

    assertEquals(
        Set.of(".gitignore", "sub/.gitignore", "local.txt", "sub/deeper/local.txt", "data/z.txt"),
        scan.found());
    assertEquals(
        Set.of("a.log", "sub/b.log", "sub/local.txt", "sub/data/", "sub/deeper/data/"),
        scan.skipped(SkipReason.IGNORED));
  }

  @Test
  void deeperGitignoreOverridesAShallowerOne() {
    // gitignore(5): "The second .gitignore prevents Git from ignoring
    // arch/foo/kernel/vmlinux.lds.S"
    write(repo, ".gitignore", "vmlinux*\n");
    write(repo, "arch/foo/kernel/.gitignore", "!/vmlinux*\n");
    createFiles(repo, "vmlinux", "arch/foo/vmlinux.o", "arch/foo/kernel/vmlinux.lds.S");

    RecordedScan scan = RecordedScan.of(repo);

    assertTrue(scan.found().contains("arch/foo/kernel/vmlinux.lds.S"), scan::toString);
    assertEquals(Set.of("vmlinux", "arch/foo/vmlinux.o"), scan.skipped(SkipReason.IGNORED));
  }

  @Test
  void negationReincludesAFileThatAnEarlierPatternExcludes() {
    // gitignore(5)'s example with .git/info/exclude and Documentation/.gitignore.
    write(
        repo,
        ".git/info/exclude",
        "# ignore objects and archives, anywhere in the tree.\n*.[oa]\n");
    write(
        repo,
        "Documentation/.gitignore",
        "# ignore generated html files,\n*.html\n# except foo.html which is maintained by hand\n"
            + "!foo.html\n");
    createFiles(
        repo,
        "Documentation/foo.html",
        "Documentation/gitignore.html",
        "file.o",
        "lib.a",
        "src/internal.o");

    RecordedScan scan = RecordedScan.of(repo);

    assertEquals(Set.of("Documentation/.gitignore", "Documentation/foo.html"), scan.found());
    assertEquals(
        Set.of(".git/", "Documentation/gitignore.html", "file.o", "lib.a", "src/internal.o"),
        scan.skipped(SkipReason.IGNORED));
  }

  @Test
  void negatedFileInsideAnExcludedDirectoryStaysExcluded() {
    // gitignore(5): "It is not possible to re-include a file if a parent directory of that file is
    // excluded."
    write(repo, ".gitignore", "logs/\n!logs/keep.txt\n");
    write(repo, "sub/.gitignore", "!keep.txt\n");
    createFiles(repo, "logs/keep.txt", "logs/other.txt", "sub/logs/keep.txt");

    RecordedScan scan = RecordedScan.of(repo);

    assertEquals(Set.of(".gitignore", "sub/.gitignore"), scan.found());
    assertEquals(Set.of("logs/", "sub/logs/"), scan.skipped(SkipReason.IGNORED));
  }

  @Test
  void negatingTheDirectoryItselfReincludesWhatIsInside() {
    write(repo, ".gitignore", "logs/\n!logs/\n");
    createFiles(repo, "logs/keep.txt");

    assertEquals(Set.of(".gitignore", "logs/keep.txt"), RecordedScan.of(repo).found());
  }

  @Test
  void everythingButOneDirectoryCanBeExcluded() {
    // gitignore(5): "exclude everything except a specific directory foo/bar".
    write(repo, ".gitignore", "/*\n!/foo\n/foo/*\n!/foo/bar\n");
    createFiles(repo, "top.txt", "foo/x.txt", "foo/bar/hello.c", "foo/baz/y.c", "other/z.c");

    RecordedScan scan = RecordedScan.of(repo);

    assertEquals(Set.of("foo/bar/hello.c"), scan.found());
    assertEquals(
        Set.of(".gitignore", "top.txt", "other/", "foo/x.txt", "foo/baz/"),
        scan.skipped(SkipReason.IGNORED));
  }

  @Test
  void leadingSlashAnchorsAPatternToTheIgnoreFilesDirectory() {
    // gitignore(5): "/hello.*" matches hello.txt and hello.c but not a/hello.java.
    write(repo, ".gitignore", "/hello.*\n");
    createFiles(repo, "hello.txt", "hello.c", "a/hello.java");

    assertEquals(Set.of(".gitignore", "a/hello.java"), RecordedScan.of(repo).found());
  }

  @Test
  void middleSlashAnchorsAPatternLikeALeadingOne() {
    // gitignore(5): "doc/frotz" and "/doc/frotz" have the same effect.
    write(repo, ".gitignore", "doc/frotz\n");
    write(repo, "sub/.gitignore", "/doc/frotz\n");
    createFiles(repo, "doc/frotz", "a/doc/frotz", "sub/doc/frotz", "sub/a/doc/frotz");

    RecordedScan scan = RecordedScan.of(repo);

    assertEquals(
        Set.of(".gitignore", "sub/.gitignore", "a/doc/frotz", "sub/a/doc/frotz"), scan.found());
  }

  @Test
  void singleStarDoesNotMatchAcrossDirectories() {
    // gitignore(5): "foo/*" matches foo/test.json but not foo/bar/hello.c.
    write(repo, ".gitignore", "foo/*.json\nsrc/*.c\n");
    createFiles(repo, "foo/test.json", "foo/bar/hello.json", "src/a.c", "src/sub/b.c");

    RecordedScan scan = RecordedScan.of(repo);

    assertEquals(Set.of(".gitignore", "foo/bar/hello.json", "src/sub/b.c"), scan.found());
  }

  @Test
  void doubleStarMatchesLeadingTrailingAndMiddleDirectories() {
    write(repo, ".gitignore", "**/foo\n**/x/bar\nabc/**\na/**/b\nq**q\n");
    createFiles(
        repo,
        "foo",
        "d/e/foo",
        "d/foo/inside.txt",
        "x/bar",
        "y/x/bar",
        "y/bar",
        "abc/file.txt",
        "abc/deep/file.txt",
        "a/b",
        "a/m/b",
        "a/m/n/b",
        "a/bb",
        "qq",
        "q-any-q",
        "q/q");

    RecordedScan scan = RecordedScan.of(repo);

    // "abc/**" matches what is inside abc, not abc itself; "q**q" is two plain stars.
    assertEquals(Set.of(".gitignore", "y/bar", "a/bb", "q/q"), scan.found());
    assertEquals(
        Set.of(
            "foo",
            "d/e/foo",
            "d/foo/",
            "x/bar",
            "y/x/bar",
            "abc/file.txt",
            "abc/deep/",
            "a/b",
            "a/m/b",
            "a/m/n/b",
            "qq",
            "q-any-q"),
        scan.skipped(SkipReason.IGNORED));
  }

  @Test
  void trailingSlashMatchesDirectoriesOnly() {
    write(repo, ".gitignore", "cache/\n");
    createFiles(repo, "cache/data.bin.txt", "src/cache/x.txt", "docs/cache");

    RecordedScan scan = RecordedScan.of(repo);

    assertEquals(Set.of(".gitignore", "docs/cache"), scan.found());
    assertEquals(Set.of("cache/", "src/cache/"), scan.skipped(SkipReason.IGNORED));
  }

  @Test
  void characterClassesAndQuestionMarksMatchOneCharacter() {
    write(repo, ".gitignore", "*.[qr]\nfile?.txt\n[!a-m]*.tmp\n[[:digit:]]*.gen\n");
    createFiles(
        repo,
        "x.q",
        "x.r",
        "x.c",
        "file1.txt",
        "file12.txt",
        "apple.tmp",
        "zebra.tmp",
        "7.gen",
        "g.gen");

    RecordedScan scan = RecordedScan.of(repo);

    assertEquals(Set.of(".gitignore", "x.c", "file12.txt", "apple.tmp", "g.gen"), scan.found());
  }

  @Test
  void escapedHashAndBangAreLiteralCharacters() {
    // gitignore(5): a backslash before a leading "#" or "!" makes it literal.
    write(repo, ".gitignore", "# a comment, not a pattern\n\\#notes.txt\n\\!important!.txt\n");
    createFiles(repo, "#notes.txt", "!important!.txt", "# a comment, not a pattern", "notes.txt");

    RecordedScan scan = RecordedScan.of(repo);

    assertEquals(Set.of(".gitignore", "# a comment, not a pattern", "notes.txt"), scan.found());
  }

  @Test
  void trailingSpacesAreDroppedUnlessEscaped() {
    write(repo, ".gitignore", "spaced.txt   \nkeep\\ \n");
    createFiles(repo, "spaced.txt", "keep ", "keep");

    RecordedScan scan = RecordedScan.of(repo);

    assertEquals(Set.of(".gitignore", "keep"), scan.found());
    assertEquals(Set.of("spaced.txt", "keep "), scan.skipped(SkipReason.IGNORED));
  }

  @Test
  void lastMatchingPatternInAFileWins() {
    write(repo, ".gitignore", "*.txt\n!*.txt\nb.txt\n");
    createFiles(repo, "a.txt", "b.txt");

    assertEquals(Set.of(".gitignore", "a.txt"), RecordedScan.of(repo).found());
  }

  @Test
  void byteOrderMarkAndCrlfLineEndsInAnIgnoreFileAreTolerated() {
    byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    byte[] patterns = "first.txt\r\nsecond.txt\r\n".getBytes(StandardCharsets.UTF_8);
    byte[] file = new byte[bom.length + patterns.length];
    System.arraycopy(bom, 0, file, 0, bom.length);
    System.arraycopy(patterns, 0, file, bom.length, patterns.length);
    write(repo, ".gitignore", file);
    createFiles(repo, "first.txt", "second.txt", "third.txt");

    assertEquals(Set.of(".gitignore", "third.txt"), RecordedScan.of(repo).found());
  }

  @Test
  void gitignoreTakesPrecedenceOverInfoExclude() {
    write(repo, ".git/info/exclude", "*.log\n");
    write(repo, ".gitignore", "!keep.log\n");
    createFiles(repo, "keep.log", "drop.log");

    assertEquals(Set.of(".gitignore", "keep.log"), RecordedScan.of(repo).found());
  }

  @Test
  void linkedWorktreeUsesTheSharedInfoExclude() {
    Path main = repo.resolve("main");
    Path worktree = repo.resolve("wt");
    write(main, ".git/info/exclude", "secret.txt\n");
    write(main, ".git/worktrees/wt/commondir", "../..\n");
    write(worktree, ".git", "gitdir: " + main.resolve(".git/worktrees/wt") + "\n");
    createFiles(worktree, "secret.txt", "public.txt");

    RecordedScan scan = RecordedScan.of(worktree);

    assertEquals(Set.of("public.txt"), scan.found());
    assertEquals(Set.of(".git", "secret.txt"), scan.skipped(SkipReason.IGNORED));
  }

  @Test
  void projectIgnoreFileExcludesWithGitignoreSyntaxAtAnyLevel() {
    write(repo, ".codebase-mcp-ignore", "fixtures/\n");
    write(repo, "sub/.codebase-mcp-ignore", "*.snap\n!keep.snap\n");
    createFiles(repo, "fixtures/big.json", "sub/a.snap", "sub/keep.snap", "a.snap", "sub/x.java");

    RecordedScan scan = RecordedScan.of(repo);

    assertEquals(
        Set.of(
            ".codebase-mcp-ignore",
            "sub/.codebase-mcp-ignore",
            "sub/keep.snap",
            "a.snap",
            "sub/x.java"),
        scan.found());
    assertEquals(Set.of("fixtures/", "sub/a.snap"), scan.skipped(SkipReason.IGNORED));
  }

  @Test
  void projectIgnoreFileCanReincludeWhatGitignoreExcludes() {
    write(repo, "src/.gitignore", "generated/\n");
    write(repo, ".codebase-mcp-ignore", "!generated/\n");
    createFiles(repo, "src/generated/Parser.java");

    assertTrue(RecordedScan.of(repo).found().contains("src/generated/Parser.java"));
  }

  @Test
  void builtInDefaultsSkipDependenciesBuildOutputsLockFilesBundlesAndBinaries() {
    createFiles(
        repo,
        "node_modules/left-pad/index.js",
        "web/node_modules/x/y.js",
        "target/classes/A.txt",
        "dist/app.js",
        ".venv/lib/site.py",
        "pkg/__pycache__/m.cpython-312.pyc",
        "package-lock.json",
        "Cargo.lock",
        "go.sum",
        "app.min.js",
        "app.js.map",
        "logo.png",
        "lib.jar",
        "Foo.class",
        "native.so",
        "src/Main.java",
        "app.js",
        "logo.svg",
        "README.md");

    RecordedScan scan = RecordedScan.of(repo);

    assertEquals(Set.of("src/Main.java", "app.js", "logo.svg", "README.md"), scan.found());
    assertEquals(
        Set.of(
            "node_modules/",
            "web/node_modules/",
            "target/",
            "dist/",
            ".venv/",
            "pkg/__pycache__/",
            "package-lock.json",
            "Cargo.lock",
            "go.sum",
            "app.min.js",
            "app.js.map",
            "logo.png",
            "lib.jar",
            "Foo.class",
            "native.so"),
        scan.skipped(SkipReason.IGNORED));
  }

  @Test
  void negationReincludesADefaultIgnoredDirectoryOrFile() {
    write(repo, ".gitignore", "!dist/\n");
    write(repo, ".codebase-mcp-ignore", "!package-lock.json\n");
    createFiles(repo, "dist/app.js", "package-lock.json", "build/out.js");

    RecordedScan scan = RecordedScan.of(repo);

    assertEquals(
        Set.of(".gitignore", ".codebase-mcp-ignore", "dist/app.js", "package-lock.json"),
        scan.found());
    assertEquals(Set.of("build/"), scan.skipped(SkipReason.IGNORED));
  }

  @Test
  void gitDirectoryIsNeverIndexedEvenWhenNegated() {
    write(repo, ".gitignore", "!.git/\n!.git\n!**/.git/**\n");
    write(repo, ".codebase-mcp-ignore", "!.git/\n");
    createFiles(repo, ".git/config", ".git/HEAD", "submodule/.git", "submodule/a.txt");

    RecordedScan scan = RecordedScan.of(repo);

    assertEquals(Set.of(".gitignore", ".codebase-mcp-ignore", "submodule/a.txt"), scan.found());
    assertEquals(Set.of(".git/", "submodule/.git"), scan.skipped(SkipReason.IGNORED));
  }

  @Test
  void ignoredDirectoryIsPrunedAndCountedAsOneEntry() {
    for (int i = 0; i < 30; i++) {
      createFiles(repo, "node_modules/pkg" + i + "/index.js", "node_modules/pkg" + i + "/a/b.js");
    }
    createFiles(repo, "index.js");

    RecordedScan scan = RecordedScan.of(repo);

    assertEquals(Set.of("index.js"), scan.found());
    assertEquals(Set.of("node_modules/"), scan.skipped().keySet());
    assertEquals(1, scan.summary().skipped(SkipReason.IGNORED));
  }

  @Test
  void directoryHoldingPyvenvCfgIsAVirtualenvWhateverItsName() {
    createFiles(repo, "env/pyvenv.cfg", "env/lib/site.py", "env2/settings.py", "app.py");
    createFiles(repo, "tools/.py311/pyvenv.cfg", "tools/.py311/bin/activate");

    RecordedScan scan = RecordedScan.of(repo);

    assertEquals(Set.of("env2/settings.py", "app.py"), scan.found());
    assertEquals(Set.of("env/", "tools/.py311/"), scan.skipped(SkipReason.IGNORED));
  }

  @Test
  void userPatternMatchingAVirtualenvDirectoryOverridesItsDetection() {
    write(repo, ".gitignore", "!env/\n");
    createFiles(repo, "env/pyvenv.cfg", "env/lib/site.py");

    RecordedScan scan = RecordedScan.of(repo);

    assertEquals(Set.of(".gitignore", "env/pyvenv.cfg", "env/lib/site.py"), scan.found());
  }
}
