package dev.codebasemcp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.codebasemcp.ChildProcess;
import dev.codebasemcp.TestPostgres;
import dev.codebasemcp.config.Config;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line as a user meets it, in a child process: bad configuration gives one clear line
 * on stderr and a non-zero exit, never a stack trace.
 */
@Timeout(180)
class CommandLineTest {
  @TempDir Path temp;

  @Test
  void anUnreachableDatabaseUrlIsOneClearMessage() throws Exception {
    var result =
        ChildProcess.runMain(
            Map.of(Config.DATABASE_URL, "postgresql://ada:hunter2@127.0.0.1:1/code"),
            "db",
            "status");
    assertEquals(1, result.exitCode());
    assertOneErrorLine(
        result.stderr(),
        "codebase-mcp: Cannot connect to PostgreSQL at 127.0.0.1:1/code: Connection to 127.0.0.1:1 refused");
    assertFalse(result.stderr().contains("hunter2"));
  }

  @Test
  void aWrongPasswordIsOneClearMessage() throws Exception {
    String server = TestPostgres.server().display();
    var result =
        ChildProcess.runMain(
            Map.of(Config.DATABASE_URL, "postgresql://codebase_mcp:wrong@" + server),
            "db",
            "status");
    assertEquals(1, result.exitCode());
    assertOneErrorLine(result.stderr(), "password authentication failed for user \"codebase_mcp\"");
    assertTrue(result.stderr().contains("Check the user name and password."), result.stderr());
  }

  @Test
  void aMalformedSettingIsOneClearMessage() throws Exception {
    var url =
        ChildProcess.runMain(Map.of(Config.DATABASE_URL, "mysql://localhost/code"), "db", "status");
    assertEquals(1, url.exitCode());
    assertOneErrorLine(
        url.stderr(), "codebase-mcp: CODEBASE_MCP_DATABASE_URL must be a PostgreSQL URL");

    var pool = ChildProcess.runMain(Map.of(Config.DB_POOL_SIZE, "lots"), "db", "status");
    assertEquals(1, pool.exitCode());
    assertOneErrorLine(
        pool.stderr(),
        "codebase-mcp: CODEBASE_MCP_DB_POOL_SIZE must be a whole number: got 'lots'");
  }

  @Test
  void anUnwritableDataDirectoryIsOneClearMessage() throws Exception {
    Path file = Files.writeString(temp.resolve("a-file"), "x");
    var result =
        ChildProcess.runMain(Map.of(Config.HOME, file.resolve("home").toString()), "db", "start");
    assertEquals(1, result.exitCode());
    assertOneErrorLine(
        result.stderr(),
        "codebase-mcp: Cannot create the database directory " + file.resolve("home/postgres"));
    assertTrue(
        result.stderr().contains("Set CODEBASE_MCP_HOME to a writable directory"), result.stderr());
  }

  @Test
  void aServerWithoutPgvectorIsOneClearMessage() throws Exception {
    Path bin = installationWithoutPgvector();
    Map<String, String> env =
        Map.of(Config.HOME, temp.resolve("home").toString(), Config.PG_BINDIR, bin.toString());
    try {
      var result = ChildProcess.runMain(env, "db", "start");
      assertEquals(1, result.exitCode());
      assertOneErrorLine(
          result.stderr(),
          "has no pgvector extension: install pgvector 0.7 or newer for PostgreSQL");
    } finally {
      ChildProcess.runMain(env, "db", "stop");
    }
  }

  @Test
  void badUsageShowsTheUsage() throws Exception {
    var unknown = ChildProcess.runMain(Map.of(), "frobnicate");
    assertEquals(2, unknown.exitCode());
    assertTrue(unknown.stderr().contains("unknown command 'frobnicate'"), unknown.stderr());
    assertTrue(unknown.stderr().contains("usage: codebase-mcp"), unknown.stderr());

    var rollback = ChildProcess.runMain(Map.of(), "db", "rollback");
    assertEquals(2, rollback.exitCode());
    assertTrue(rollback.stderr().contains("db rollback needs --to <version>"), rollback.stderr());

    var help = ChildProcess.runMain(Map.of(), "help");
    assertEquals(0, help.exitCode());
    assertTrue(help.stdout().contains("db rollback --to V"), help.stdout());
  }

  /** The error is the last line, said once, and nothing on stderr looks like a stack trace. */
  static void assertOneErrorLine(String stderr, String expectedStart) {
    List<String> lines = stderr.strip().lines().toList();
    String last = lines.get(lines.size() - 1);
    assertTrue(last.contains(expectedStart), () -> "stderr was:\n" + stderr);
    assertEquals(1, lines.stream().filter(l -> l.startsWith("codebase-mcp: ")).count(), stderr);
    assertFalse(
        stderr.contains("\tat ") || stderr.contains("Exception"), () -> "stack trace:\n" + stderr);
  }

  /**
   * A copy of this machine's PostgreSQL server with pgvector's files left out. PostgreSQL finds its
   * share and lib directories relative to its programs, so the copy sees no vector extension.
   */
  Path installationWithoutPgvector() throws IOException {
    Path bin = Path.of("/usr/lib/postgresql");
    assumeTrue(Files.isDirectory(bin), "needs a Debian-style PostgreSQL layout");
    Path versionDir;
    try (Stream<Path> versions = Files.list(bin)) {
      versionDir =
          versions
              .filter(p -> Files.isExecutable(p.resolve("bin/postgres")))
              .sorted()
              .reduce((a, b) -> b)
              .orElse(null);
    }
    assumeTrue(versionDir != null, "needs a PostgreSQL server under /usr/lib/postgresql");
    String version = versionDir.getFileName().toString();
    Path share = Path.of("/usr/share/postgresql", version);
    assumeTrue(Files.isDirectory(share), "needs " + share);

    Path copy = temp.resolve("pg");
    Path copyVersion = copy.resolve("lib/postgresql").resolve(version);
    copyTree(versionDir.resolve("bin"), copyVersion.resolve("bin"), p -> true);
    copyTree(
        versionDir.resolve("lib"),
        copyVersion.resolve("lib"),
        p -> !p.toString().contains("bitcode"));
    copyTree(
        share,
        copy.resolve("share/postgresql").resolve(version),
        p -> !p.getFileName().toString().startsWith("vector"));
    return copyVersion.resolve("bin");
  }

  private static void copyTree(Path from, Path to, java.util.function.Predicate<Path> keep)
      throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path source : files.filter(keep).toList()) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.createDirectories(target.getParent());
          Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
    // The cluster may run as another user: let it read and run the copy.
    try (Stream<Path> files = Files.walk(to)) {
      for (Path p : files.toList()) {
        var perms = Files.getPosixFilePermissions(p);
        perms.add(java.nio.file.attribute.PosixFilePermission.OTHERS_READ);
        if (Files.isDirectory(p)
            || perms.contains(java.nio.file.attribute.PosixFilePermission.OWNER_EXECUTE)) {
          perms.add(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE);
        }
        Files.setPosixFilePermissions(p, perms);
      }
    }
  }
}
