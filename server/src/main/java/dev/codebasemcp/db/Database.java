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

  private Database(DatabaseUrl url, boolean managed, DatabaseCheck.Report report, int poolSize) {
    this.url = url;
    this.managed = managed;
    this.report = report;
    this.pool = pool(url, poolSize);
    this.dsl = DSL.using(pool, SQLDialect.POSTGRES, new Settings().withExecuteLogging(false));
    this.migrationDataSource = unpooled(url);
  }

  /** Opens the configured database, starting the managed cluster first when it is the one. */
  public static Database open(Config config) {
    if (config.databaseUrl().isPresent()) {
      return open(config.databaseUrl().get(), false, config.poolSize());
    }
    DatabaseUrl url = managedCluster(config).start();
    return open(url, true, config.poolSize());
  }

  /** Opens the database at {@code url} after checking it. */
  public static Database open(DatabaseUrl url, boolean managed, int poolSize) {
    DatabaseCheck.Report report = DatabaseCheck.verify(url, managed);
    return new Database(url, managed, report, poolSize);
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
    pool.close();
  }

  private static DataSource unpooled(DatabaseUrl url) {
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setURL(url.jdbcUrl());
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

  private static HikariDataSource pool(DatabaseUrl url, int poolSize) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("codebase-mcp");
    config.setJdbcUrl(url.jdbcUrl());
    Connections.properties(url).forEach((k, v) -> config.addDataSourceProperty((String) k, v));
    config.addDataSourceProperty("reWriteBatchedInserts", "true");
    config.setMaximumPoolSize(poolSize);
    // Several server processes (one per assistant window) share one cluster: keep idle ones few.
    config.setMinimumIdle(1);
    config.setIdleTimeout(60_000);
    config.setConnectionTimeout(10_000);
    return new HikariDataSource(config);
  }
}
