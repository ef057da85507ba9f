package dev.codebasemcp.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.codebasemcp.ChildProcess;
import dev.codebasemcp.config.Config;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The managed cluster's life cycle, each test with a cluster of its own in a temporary home. */
@Timeout(180)
class ManagedPostgresTest {
  @TempDir Path home;
  final List<ManagedPostgres> started = new ArrayList<>();

  @AfterEach
  void stopClusters() {
    for (ManagedPostgres cluster : started) {
      cluster.stop();
    }
  }

  ManagedPostgres cluster() {
    ManagedPostgres cluster =
        new ManagedPostgres(home.resolve("postgres"), Optional.empty(), Config.DEFAULT_PG_PORT);
    started.add(cluster);
    return cluster;
  }

  @Test
  void startingTwiceFindsTheRunningServer() {
    ManagedPostgres cluster = cluster();
    DatabaseUrl first = cluster.start();
    long pid = cluster.status().pid();
    DatabaseUrl second = cluster.start();

    assertEquals(first, second);
    ManagedPostgres.Status status = cluster.status();
    assertTrue(status.running());
    assertEquals(pid, status.pid());
    assertTrue(
        Files.exists(home.resolve("postgres").resolve(".s.PGSQL." + status.port())), "Unix socket");
    assertEquals(1, query(first, "select 1"));
  }

  @Test
  void aDatabaseDroppedWhileTheServerRunsIsMadeAgainOnOpen() throws Exception {
    ManagedPostgres cluster = cluster();
    cluster.start();
    int port = cluster.status().port();
    DatabaseUrl admin =
        DatabaseUrl.of("127.0.0.1", port, "postgres", ManagedPostgres.DATABASE, cluster.password());
    execute(admin, "drop database " + ManagedPostgres.DATABASE);
    Config config = Config.fromEnvironment(Map.of(Config.HOME, home.toString()), "/nonexistent");
    try (Database db = Database.open(config)) {
      assertEquals(1, db.dsl().fetchOne("select 1").get(0, Integer.class));
    }
  }

  @Test
  void stopStopsAndStatusSaysSo() {
    ManagedPostgres cluster = cluster();
    cluster.start();
    assertTrue(cluster.stop());
    assertFalse(cluster.status().running());
    assertTrue(cluster.status().initialized());
    assertFalse(cluster.stop(), "stopping a stopped cluster is a no-op");
  }

  @Test
  void recoversAfterTheServerIsKilled() throws Exception {
    ManagedPostgres cluster = cluster();
    DatabaseUrl url = cluster.start();
    execute(url, "create table survivor (id int primary key)", "insert into survivor values (42)");
    ProcessHandle postmaster = ProcessHandle.of(cluster.status().pid()).orElseThrow();
    List<ProcessHandle> children = postmaster.children().toList();

    postmaster.destroyForcibly();
    postmaster.onExit().get();
    assertTrue(
        Files.exists(cluster.dataDirectory().resolve("postmaster.pid")),
        "a crash leaves the pid file");
    assertFalse(cluster.status().running());

    DatabaseUrl again = cluster.start();

    assertNotEquals(postmaster.pid(), cluster.status().pid());
    assertEquals(42, query(again, "select id from survivor"));
    children.forEach(c -> assertFalse(c.isAlive(), "old server process " + c.pid()));
  }

  @Test
  void replacesAPidFileWhosePidAnotherProgramHas() throws Exception {
    ManagedPostgres cluster = cluster();
    DatabaseUrl url = cluster.start();
    int port = cluster.status().port();
    cluster.stop();
    // As after a reboot: the old PID now belongs to some other program (here, this JVM).
    Path pidFile = cluster.dataDirectory().resolve("postmaster.pid");
    Files.writeString(
        pidFile,
        ProcessHandle.current().pid()
            + "\n"
            + cluster.dataDirectory()
            + "\n1700000000\n"
            + port
            + "\n");

    assertFalse(cluster.status().running());
    DatabaseUrl again = cluster.start();

    assertTrue(cluster.status().running());
    assertEquals(url, again);
  }

  @Test
  void movesToAFreePortWhenItsOwnIsTaken() throws Exception {
    ManagedPostgres cluster = cluster();
    cluster.start();
    int port = cluster.status().port();
    cluster.stop();
    try (ServerSocket squatter = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      DatabaseUrl url = cluster.start();
      assertNotEquals(port, cluster.status().port());
      assertEquals(1, query(url, "select 1"));
      assertTrue(squatter.isBound());
    }
  }

  @Test
  void twoProcessesStartingAtOnceShareOneServer() throws Exception {
    cluster(); // stopped after the test
    Map<String, String> env = Map.of(Config.HOME, home.toString());
    Process a = ChildProcess.startMain(env, "db", "start");
    Process b = ChildProcess.startMain(env, "db", "start");
    ChildProcess.Result ra = ChildProcess.finish(a);
    ChildProcess.Result rb = ChildProcess.finish(b);

    assertEquals(0, ra.exitCode(), ra.stderr());
    assertEquals(0, rb.exitCode(), rb.stderr());
    assertEquals(port(ra.stdout()), port(rb.stdout()));
    assertTrue(ra.stderr().contains("Creating") ^ rb.stderr().contains("Creating"), "created once");
    assertTrue(cluster().status().running());
  }

  @Test
  void anUnwritableHomeIsOneClearMessage() throws IOException {
    Path file = Files.writeString(home.resolve("not-a-directory"), "x");
    ManagedPostgres cluster =
        new ManagedPostgres(file.resolve("postgres"), Optional.empty(), Config.DEFAULT_PG_PORT);
    DatabaseException e = assertThrows(DatabaseException.class, cluster::start);
    assertTrue(
        e.getMessage()
            .startsWith("Cannot create the database directory " + file.resolve("postgres")),
        e.getMessage());
    assertTrue(
        e.getMessage().contains("Set CODEBASE_MCP_HOME to a writable directory"), e.getMessage());
  }

  private static int port(String stdout) {
    Matcher m = Pattern.compile("at 127\\.0\\.0\\.1:(\\d+)/").matcher(stdout);
    assertTrue(m.find(), stdout);
    return Integer.parseInt(m.group(1));
  }

  static void execute(DatabaseUrl url, String... statements) throws Exception {
    try (Connection c = Connections.open(url);
        Statement s = c.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
    }
  }

  static int query(DatabaseUrl url, String sql) {
    try (Connection c = Connections.open(url);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getInt(1);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
