package dev.codebasemcp.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.codebasemcp.config.Config;
import dev.codebasemcp.schema.SchemaMigrator;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The database codebase-mcp works in: the managed local cluster, started on demand, or the server
 * named by {@code CODEBASE_MCP_DATABASE_URL}; checked once when opened, then reached through one
 * connection pool and one jOOQ context. Thread-safe; close it once, at shutdown.
 */
public final class Database implements AutoCloseable {
  private final DatabaseUrl url;
  private final boolean managed;
  private final DatabaseCheck.Report report;
  private final HikariDataSource pool;
  private final DSLContext dsl;
  private final DataSource migrationDataSource;
  private final int indexNice;
  private int indexPoolSize;
  private HikariDataSource indexPool;
  private DSLContext indexDsl;

  private Database(
      DatabaseUrl url, boolean managed, DatabaseCheck.Report report, int poolSize, int indexNice) {
    this.url = url;
    this.managed = managed;
    this.report = report;
    this.pool = pool("codebase-mcp", dataSource(url, true), poolSize, 1);
    this.dsl = DSL.using(pool, SQLDialect.POSTGRES, new Settings().withExecuteLogging(false));
    this.migrationDataSource = unpooled(url);
    this.indexNice = indexNice;
    this.indexPoolSize = poolSize;
  }

  /** Opens the configured database, starting the managed cluster first when it is the one. */
  public static Database open(Config config) {
    if (config.databaseUrl().isPresent()) {
      return open(config.databaseUrl().get(), false, config.poolSize(), config.indexNice());
    }
    ManagedPostgres cluster = managedCluster(config);
    DatabaseUrl url = cluster.start();
    try {
      return open(url, true, config.poolSize(), config.indexNice());
    } catch (DatabaseException e) {
      if (!missingDatabase(e)) {
        throw e;
      }
      cluster.ensureDatabase();
      return open(url, true, config.poolSize(), config.indexNice());
    }
  }

  private static boolean missingDatabase(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && "3D000".equals(sql.getSQLState())) {
        return true;
      }
    }
    return false;
  }

  /** Opens the database at {@code url} after checking it; the index written at the default nice. */
  public static Database open(DatabaseUrl url, boolean managed, int poolSize) {
    return open(url, managed, poolSize, Config.DEFAULT_INDEX_NICE);
  }

  /**
   * Opens the database at {@code url} after checking it.
   *
   * @param indexNice the nice value of the server processes of {@link #indexDsl()}'s sessions
   */
  public static Database open(DatabaseUrl url, boolean managed, int poolSize, int indexNice) {
    DatabaseCheck.Report report = DatabaseCheck.verify(url, managed);
    return new Database(url, managed, report, poolSize, indexNice);
  }

  /** The managed cluster of this configuration (whether or not it is the one in use). */
  public static ManagedPostgres managedCluster(Config config) {
    return new ManagedPostgres(
        config.postgresDir(), config.postgresBinDir(), config.postgresPort());
  }

  public DSLContext dsl() {
    return dsl;
  }

  public DataSource dataSource() {
    return pool;
  }

  /**
   * The context indexing writes through: a second pool, opened on first use, whose PostgreSQL
   * server processes run at the configured nice value when the database is on this machine (see
   * {@link NicedDataSource}), so that index writes do not slow the answers of {@link #dsl()}.
   */
  public synchronized DSLContext indexDsl() {
    if (indexDsl == null) {
      DataSource sessions = dataSource(url, true);
      if (indexNice > 0 && url.onThisMachine()) {
        sessions = new NicedDataSource(sessions, indexNice);
      }
      indexPool = pool("codebase-mcp-index", sessions, indexPoolSize, 0);
      indexDsl = DSL.using(indexPool, SQLDialect.POSTGRES, dsl.settings());
    }
    return indexDsl;
  }

  /**
   * Makes {@link #indexDsl()}'s pool hold at least this many connections (200 at most): a process
   * running several index runs at once needs a few per run, more than the configured pool size when
   * the job limit is raised, and a writer that waited 10 s for one would fail its run.
   */
  public synchronized void reserveIndexConnections(int connections) {
    int size = Math.min(200, Math.max(indexPoolSize, connections));
    if (size != indexPoolSize) {
      indexPoolSize = size;
      if (indexPool != null) {
        indexPool.setMaximumPoolSize(size); // Hikari takes a new maximum while running
      }
    }
  }

  /** The most connections {@link #indexDsl()}'s pool opens. */
  public synchronized int indexPoolSize() {
    return indexPoolSize;
  }

  /**
   * The nice value indexing runs at (0: no lower than the rest): its sessions here, and its threads
   * (the engine's background runs).
   */
  public int indexNice() {
    return indexNice;
  }

  /**
   * Connections outside the pool, for Flyway. A migration waiting on another process's migration
   * lock must not hold pool connections that other work needs; with the pool, several workspaces
   * created at once could take every connection and wait on each other for good.
   */
  public DataSource migrationDataSource() {
    return migrationDataSource;
  }

  /** The registry's migrations in this database. */
  public SchemaMigrator registryMigrator() {
    return SchemaMigrator.registry(migrationDataSource);
  }

  public DatabaseUrl url() {
    return url;
  }

  /** Whether this is codebase-mcp's own cluster rather than a server named by URL. */
  public boolean managed() {
    return managed;
  }

  /** PostgreSQL and pgvector versions found when the database was opened. */
  public DatabaseCheck.Report report() {
    return report;
  }

  @Override
  public void close() {
    try {
      synchronized (this) {
        if (indexPool != null) {
          indexPool.close();
        }
      }
    } finally {
      pool.close();
    }
  }

  private static DataSource unpooled(DatabaseUrl url) {
    return dataSource(url, false);
  }

  private static DataSource dataSource(DatabaseUrl url, boolean batched) {
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setURL(url.jdbcUrl());
    if (batched) {
      dataSource.setReWriteBatchedInserts(true);
    }
    Connections.properties(url)
        .forEach(
            (k, v) -> {
              try {
                dataSource.setProperty((String) k, (String) v);
              } catch (SQLException e) {
                throw new DatabaseException(
                    "Bad connection property " + k + ": " + e.getMessage(), e);
              }
            });
    return dataSource;
  }

  private static HikariDataSource pool(
      String name, DataSource sessions, int poolSize, int minimumIdle) {
    HikariConfig config = new HikariConfig();
    config.setPoolName(name);
    config.setDataSource(sessions);
    config.setMaximumPoolSize(poolSize);
    // Opened in the background, not in the constructor: DatabaseCheck has just connected with a
    // clear error if it cannot, and a start need not wait for one more connection.
    config.setInitializationFailTimeout(-1);
    // Several server processes (one per assistant window) share one cluster: keep idle ones few.
    config.setMinimumIdle(minimumIdle);
    config.setIdleTimeout(60_000);
    config.setConnectionTimeout(10_000);
    return new HikariDataSource(config);
  }
}
