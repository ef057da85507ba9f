package dev.codebasemcp.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.codebasemcp.TestPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class RepositoryLockTest {
  private static final Path REPO = Path.of("/src/app");

  @Test
  void aClosedLockIsReleased() throws Exception {
    try (var scratch = TestPostgres.scratch()) {
      DataSource connections = scratch.db().migrationDataSource();
      for (int i = 0; i < 20; i++) {
        // Twenty rounds: each lock was released with its connection.
        AtomicBoolean waited = new AtomicBoolean();
        RepositoryLock lock =
            RepositoryLock.acquire(
                connections, "workspace_x", REPO, () -> false, () -> waited.set(true));
        lock.close();
        assertTrue(!waited.get(), "round " + i + " found the lock still taken");
      }
      assertEquals(0, advisoryLocks(connections));
    }
  }

  @Test
  void aLockWhoseSessionDiedIsGone() throws Exception {
    try (var scratch = TestPostgres.scratch()) {
      DataSource connections = scratch.db().migrationDataSource();
      RepositoryLock lock =
          RepositoryLock.acquire(connections, "workspace_x", REPO, () -> false, () -> {});
      try (Connection other = scratch.db().dataSource().getConnection();
          Statement statement = other.createStatement()) {
        // The session holding the lock ends underneath it, as when the server restarts.
        statement.execute(
            "select pg_terminate_backend(pid) from pg_locks where locktype = 'advisory'"
                + " and database = (select oid from pg_database where datname = current_database())");
      }
      lock.close(); // unlocking fails: no exception, the connection is closed
      AtomicBoolean waited = new AtomicBoolean();
      RepositoryLock again =
          RepositoryLock.acquire(
              connections, "workspace_x", REPO, () -> false, () -> waited.set(true));
      again.close();
      assertTrue(!waited.get());
      assertEquals(0, advisoryLocks(connections));
    }
  }

  private static int advisoryLocks(DataSource connections) throws Exception {
    try (Connection c = connections.getConnection();
        Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "select count(*) from pg_locks where locktype = 'advisory'"
                    + " and database = (select oid from pg_database where datname = current_database())")) {
      r.next();
      return r.getInt(1);
    }
  }
}
