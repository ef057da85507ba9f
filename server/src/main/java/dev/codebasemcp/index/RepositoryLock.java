package dev.codebasemcp.index;

import dev.codebasemcp.db.DatabaseException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;

/**
 * One indexing run at a time per repository and workspace, across every process sharing the
 * database: a PostgreSQL session-level advisory lock held on a connection of its own for the length
 * of the run. A second run (an {@code index} command while a job indexes the same repository, or a
 * new job while a cancelled one finishes its batch) waits for the first, checking for its own
 * cancellation while it waits. Not thread-safe; close it once.
 */
public final class RepositoryLock implements AutoCloseable {
  private static final String TRY =
      "select pg_try_advisory_lock(hashtext('codebase-mcp:index'), hashtext(?))";
  private static final String UNLOCK =
      "select pg_advisory_unlock(hashtext('codebase-mcp:index'), hashtext(?))";

  private final Connection connection;
  private final String key;

  private RepositoryLock(Connection connection, String key) {
    this.connection = connection;
    this.key = key;
  }

  /**
   * Takes the lock for {@code repository} in workspace schema {@code schema}, waiting as long as
   * another run holds it.
   *
   * @param waiting called once if the lock is taken by another run
   * @throws IndexCancelledException when {@code cancelled} turns true while waiting
   */
  public static RepositoryLock acquire(
      DataSource dataSource,
      String schema,
      Path repository,
      BooleanSupplier cancelled,
      Runnable waiting) {
    String key = schema + ":" + repository.toAbsolutePath().normalize();
    Connection connection = null;
    try {
      connection = dataSource.getConnection();
      connection.setAutoCommit(true);
      boolean told = false;
      while (!tryLock(connection, key)) {
        if (!told) {
          waiting.run();
          told = true;
        }
        if (cancelled.getAsBoolean()) {
          throw new IndexCancelledException("Indexing was cancelled while waiting for another run");
        }
        Thread.sleep(250);
      }
      return new RepositoryLock(connection, key);
    } catch (SQLException e) {
      close(connection);
      throw new DatabaseException(
          "Cannot take the indexing lock for " + key + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      close(connection);
      Thread.currentThread().interrupt();
      throw new IndexCancelledException("Indexing was interrupted");
    } catch (RuntimeException e) {
      close(connection);
      throw e;
    }
  }

  private static boolean tryLock(Connection connection, String key) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(TRY)) {
      statement.setString(1, key);
      try (ResultSet row = statement.executeQuery()) {
        return row.next() && row.getBoolean(1);
      }
    }
  }

  @Override
  public void close() {
    try (PreparedStatement statement = connection.prepareStatement(UNLOCK)) {
      statement.setString(1, key);
      statement.executeQuery().close();
    } catch (SQLException e) {
      // Closing the connection below ends the session, and the lock with it.
    } finally {
      close(connection);
    }
  }

  private static void close(Connection connection) {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException e) {
        // Nothing more to release.
      }
    }
  }
}
