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
  void aLockGoesBackToThePoolReleased() throws Exception {
    try (var scratch = TestPostgres.scratch()) {
      DataSource pool = scratch.db().indexDataSource();
      for (int i = 0; i < 20; i++) {
        // More rounds than the pool has connections: each lock was released with its connection.
        AtomicBoolean waited = new AtomicBoolean();
        RepositoryLock lock =
            RepositoryLock.acquire(pool, "workspace_x", REPO, () -> false, () -> waited.set(true));
        lock.close();
        assertTrue(!waited.get(), "round " + i + " found the lock still taken");
      }
      assertEquals(0, advisoryLocks(pool));
    }
  }

  @Test
  void aLockWhoseSessionDiedIsGoneAndThePoolStaysUsable() throws Exception {
    try (var scratch = TestPostgres.scratch()) {
      DataSource pool = scratch.db().indexDataSource();
      RepositoryLock lock =
          RepositoryLock.acquire(pool, "workspace_x", REPO, () -> false, () -> {});
      try (Connection other = scratch.db().dataSource().getConnection();
          Statement statement = other.createStatement()) {
        // The session holding the lock ends underneath it, as when the server restarts.
        statement.execute(
            "select pg_terminate_backend(pid) from pg_locks where locktype = 'advisory'"
                + " and database = (select oid from pg_database where datname = current_database())");
      }
      lock.close(); // unlocking fails: no exception, the connection is dropped
      AtomicBoolean waited = new AtomicBoolean();
      RepositoryLock again =
          RepositoryLock.acquire(pool, "workspace_x", REPO, () -> false, () -> waited.set(true));
      again.close();
      assertTrue(!waited.get());
      assertEquals(0, advisoryLocks(pool));
    }
  }

  private static int advisoryLocks(DataSource pool) throws Exception {
    try (Connection c = pool.getConnection();
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
