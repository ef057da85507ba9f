package dev.codebasemcp.index.scan;

import static dev.codebasemcp.index.scan.RecordedScan.createFiles;
import static dev.codebasemcp.index.scan.RecordedScan.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a scan treats sizes, links, special files, vanishing entries, and what it reports. */
class RepositoryScannerEntriesTest {
  @TempDir Path repo;
  @TempDir Path outside;

  @Test
  void fileOverTheSizeLimitIsSkippedAsTooLargeAndOneAtTheLimitIsKept() {
    write(repo, "at-limit.txt", "x".repeat(100));
    write(repo, "over-limit.txt", "x".repeat(101));

    RecordedScan scan = RecordedScan.of(new RepositoryScanner(100), repo);

    assertEquals(Set.of("at-limit.txt"), scan.found());
    assertEquals(Map.of("over-limit.txt", SkipReason.TOO_LARGE), scan.skipped());
  }

  @Test
  void foundFileCarriesItsPathSizeAndModificationTime() throws IOException {
    write(repo, "src/A.java", "class A {}\n");

    ScannedFile file = RecordedScan.of(repo).files().getFirst();

    assertEquals(repo.resolve("src/A.java"), file.path());
    assertEquals("src/A.java", file.relativePath());
    assertEquals(11, file.sizeBytes());
    assertEquals(
        Files.getLastModifiedTime(repo.resolve("src/A.java")).toInstant(), file.modifiedAt());
  }

  @Test
  void symlinkToAFileInsideTheRepositoryIsIndexedUnderTheLinksPath() throws IOException {
    createFiles(repo, "real/config.yaml");
    Files.createDirectories(repo.resolve("links"));
    Files.createSymbolicLink(repo.resolve("links/config.yaml"), Path.of("../real/config.yaml"));

    RecordedScan scan = RecordedScan.of(repo);

    assertEquals(Set.of("real/config.yaml", "links/config.yaml"), scan.found());
    ScannedFile link =
        scan.files().stream()
            .filter(f -> f.relativePath().equals("links/config.yaml"))
            .findFirst()
            .orElseThrow();
    assertEquals(repo.resolve("links/config.yaml"), link.path());
  }

  @Test
  void symlinkOutOfTheRepositoryIsSkipped() throws IOException {
    write(outside, "secret.txt", "password\n");
    Files.createSymbolicLink(repo.resolve("secret.txt"), outside.resolve("secret.txt"));
    Files.createSymbolicLink(repo.resolve("escape"), Path.of("../" + outside.getFileName()));
    Files.createSymbolicLink(repo.resolve("etc"), Path.of("/etc"));

    RecordedScan scan = RecordedScan.of(repo);

    assertEquals(Set.of(), scan.found());
    assertEquals(Set.of("secret.txt", "escape", "etc"), scan.skipped(SkipReason.SYMLINK));
  }

  @Test
  void symlinkLoopIsSkippedWithoutHanging() throws IOException {
    Files.createSymbolicLink(repo.resolve("a"), Path.of("b"));
    Files.createSymbolicLink(repo.resolve("b"), Path.of("a"));
    Files.createSymbolicLink(repo.resolve("self"), Path.of("self"));
    Files.createDirectories(repo.resolve("dir"));
    Files.createSymbolicLink(repo.resolve("dir/parent"), Path.of(".."));

    RecordedScan scan =
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> RecordedScan.of(repo));

    assertEquals(Set.of("a", "b", "self", "dir/parent"), scan.skipped(SkipReason.SYMLINK));
  }

  @Test
  void symlinkedDirectoryInsideTheRepositoryIsNotFollowed() throws IOException {
    createFiles(repo, "src/Main.java");
    Files.createSymbolicLink(repo.resolve("src-again"), Path.of("src"));

    RecordedScan scan = RecordedScan.of(repo);

    assertEquals(Set.of("src/Main.java"), scan.found());
    assertEquals(Map.of("src-again", SkipReason.SYMLINK), scan.skipped());
  }

  @Test
  void danglingSymlinkAndLinkIntoGitMetadataAreSkipped() throws IOException {
    createFiles(repo, ".git/config");
    Files.createSymbolicLink(repo.resolve("gone.txt"), Path.of("missing.txt"));
    Files.createSymbolicLink(repo.resolve("git-config"), Path.of(".git/config"));

    RecordedScan scan = RecordedScan.of(repo);

    assertEquals(Set.of("gone.txt", "git-config"), scan.skipped(SkipReason.SYMLINK));
  }

  @Test
  void ignoreRulesJudgeALinkByItsOwnPathAsAFile() throws IOException {
    // gitignore(5): "foo/" does not match "a regular file or a symbolic link foo".
    write(repo, ".gitignore", "cache/\n*.lnk\n");
    createFiles(repo, "data.txt");
    Files.createSymbolicLink(repo.resolve("cache"), Path.of("data.txt"));
    Files.createSymbolicLink(repo.resolve("data.lnk"), Path.of("data.txt"));

    RecordedScan scan = RecordedScan.of(repo);

    assertEquals(Set.of(".gitignore", "data.txt", "cache"), scan.found());
    assertEquals(Set.of("data.lnk"), scan.skipped(SkipReason.IGNORED));
  }

  @Test
  void symlinkedGitignoreIsNotRead() throws IOException {
    // Like git since 2.32: an ignore file must be a regular file of the working tree.
    write(repo, "patterns.txt", "*.txt\n");
    Files.createSymbolicLink(repo.resolve(".gitignore"), Path.of("patterns.txt"));
    createFiles(repo, "kept.txt");

    assertTrue(RecordedScan.of(repo).found().contains("kept.txt"));
  }

  @Test
  void fifoIsSkippedAsUnreadableWithoutBeingOpened() throws Exception {
    Path fifo = repo.resolve("pipe");
    assumeTrue(Fifos.create(fifo), "mkfifo is not available");
    Files.createSymbolicLink(repo.resolve("pipe-link"), Path.of("pipe"));
    createFiles(repo, "a.txt");

    // Opening the FIFO would block forever: no writer ever comes.
    RecordedScan scan =
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> RecordedScan.of(repo));

    assertEquals(Set.of("a.txt"), scan.found());
    assertEquals(Set.of("pipe", "pipe-link"), scan.skipped(SkipReason.UNREADABLE));
  }

  @Test
  void directoryThatVanishesDuringTheScanIsReportedUnreadable() {
    createFiles(repo, "a.txt", "later/b.txt");
    Map<String, SkipReason> skipped = new LinkedHashMap<>();

    // A directory's own files are reported before its subdirectories are listed.
    ScanSummary summary =
        new RepositoryScanner(RepositoryScanner.DEFAULT_MAX_FILE_SIZE)
            .scan(
                repo,
                file -> {
                  if (file.relativePath().equals("a.txt")) {
                    delete(repo.resolve("later/b.txt"));
                    delete(repo.resolve("later"));
                  }
                },
                skipped::put);

    assertEquals(Map.of("later/", SkipReason.UNREADABLE), skipped);
    assertEquals(1, summary.filesFound());
    assertEquals(1, summary.skipped(SkipReason.UNREADABLE));
  }

  @Test
  void summaryCountsSkippedEntriesPerReason() throws IOException {
    write(repo, ".gitignore", "*.log\n");
    createFiles(repo, "a.log", "b.log", "node_modules/x.js", "keep.txt");
    write(repo, "big.txt", "x".repeat(2000));
    Files.createSymbolicLink(repo.resolve("out-link"), outside);

    RecordedScan scan = RecordedScan.of(new RepositoryScanner(1000), repo);

    assertEquals(2, scan.summary().filesFound());
    assertEquals(
        Map.of(SkipReason.IGNORED, 3, SkipReason.TOO_LARGE, 1, SkipReason.SYMLINK, 1),
        scan.summary().skipped());
    assertEquals(0, scan.summary().skipped(SkipReason.BINARY));
    assertEquals(5, scan.summary().totalSkipped());
    assertEquals(scan.skipped().size(), scan.summary().totalSkipped());
  }

  @Test
  void entriesAreReportedInAStableOrder() {
    createFiles(repo, "b.txt", "a.txt", "z/2.txt", "z/1.txt", "m/x.txt");

    List<String> order = new ArrayList<>();
    RecordedScan.of(repo).files().forEach(f -> order.add(f.relativePath()));

    assertEquals(List.of("a.txt", "b.txt", "m/x.txt", "z/1.txt", "z/2.txt"), order);
  }

  @Test
  void missingRootOrAFileAsRootIsAnError() {
    createFiles(repo, "file.txt");
    RepositoryScanner scanner = new RepositoryScanner(RepositoryScanner.DEFAULT_MAX_FILE_SIZE);

    ScanException missing =
        assertThrows(
            ScanException.class, () -> scanner.scan(repo.resolve("nope"), f -> {}, (p, r) -> {}));
    ScanException file =
        assertThrows(
            ScanException.class,
            () -> scanner.scan(repo.resolve("file.txt"), f -> {}, (p, r) -> {}));

    assertTrue(missing.getMessage().contains("does not exist"), missing::getMessage);
    assertTrue(file.getMessage().contains("not a directory"), file::getMessage);
  }

  @Test
  void sizeLimitMustBePositive() {
    assertThrows(IllegalArgumentException.class, () -> new RepositoryScanner(0));
  }

  private static void delete(Path path) {
    try {
      Files.delete(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
