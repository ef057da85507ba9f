package dev.codebasemcp;

import dev.codebasemcp.config.Config;
import dev.codebasemcp.db.Database;
import dev.codebasemcp.db.DatabaseUrl;
import dev.codebasemcp.db.ScratchDatabase;

/**
 * The real PostgreSQL the tests run against: the managed cluster of the environment's configuration
 * (started if needed), or {@code CODEBASE_MCP_DATABASE_URL}. Each test works in scratch databases
 * of its own, dropped afterwards. Thread-safe.
 */
public final class TestPostgres {
  private static DatabaseUrl server;

  private TestPostgres() {}

  /** The server, as a URL of its codebase-mcp database. */
  public static synchronized DatabaseUrl server() {
    if (server == null) {
      Config config = Config.fromEnvironment();
      server = config.databaseUrl().orElseGet(() -> Database.managedCluster(config).start());
    }
    return server;
  }

  /** A fresh, empty database and a pool on it; closing drops it. */
  public static Scratch scratch() {
    ScratchDatabase scratch = ScratchDatabase.create(server(), "test");
    try {
      return new Scratch(scratch, Database.open(scratch.url(), false, 4));
    } catch (RuntimeException e) {
      scratch.close();
      throw e;
    }
  }

  /** A fresh database with the registry migrated. */
  public static Scratch migrated() {
    Scratch scratch = scratch();
    scratch.db().registryMigrator().migrate();
    return scratch;
  }

  /** A scratch database with its pool. */
  public record Scratch(ScratchDatabase database, Database db) implements AutoCloseable {
    @Override
    public void close() {
      try {
        db.close();
      } finally {
        database.close();
      }
    }
  }
}
