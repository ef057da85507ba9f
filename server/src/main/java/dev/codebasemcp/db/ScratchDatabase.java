package dev.codebasemcp.db;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.function;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HexFormat;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;

/**
 * A throwaway database on a server, with a random name, dropped on {@link #close()}: jOOQ code
 * generation migrates one to read the schema from, and tests use them to start from nothing. Needs
 * the CREATEDB privilege. Not thread-safe; one owner closes it.
 */
public final class ScratchDatabase implements AutoCloseable {
  private final DatabaseUrl server;
  private final DatabaseUrl url;

  private ScratchDatabase(DatabaseUrl server, DatabaseUrl url) {
    this.server = server;
    this.url = url;
  }

  /**
   * Creates a database named {@code <prefix>_<random>} on the server of {@code server}.
   *
   * @param prefix lowercase letters, digits and underscores
   */
  public static ScratchDatabase create(DatabaseUrl server, String prefix) {
    byte[] random = new byte[6];
    new SecureRandom().nextBytes(random);
    String name = prefix + "_" + HexFormat.of().formatHex(random);
    DatabaseUrl url = server.withDatabase(name);
    try (Connection connection = Connections.open(server)) {
      DSL.using(connection, SQLDialect.POSTGRES).createDatabase(name(name)).execute();
    } catch (SQLException | DataAccessException e) {
      throw new DatabaseException(
          "Cannot create scratch database %s at %s: %s"
              .formatted(name, server.display(), e.getMessage()),
          e);
    }
    return new ScratchDatabase(server, url);
  }

  public DatabaseUrl url() {
    return url;
  }

  public String databaseName() {
    return url.display().substring(url.display().lastIndexOf('/') + 1);
  }

  /** Drops the database, ending any session still connected to it. */
  @Override
  public void close() {
    try (Connection connection = Connections.open(server)) {
      DSLContext dsl = DSL.using(connection, SQLDialect.POSTGRES);
      dsl.select(function("pg_terminate_backend", Boolean.class, field(name("pid"), Integer.class)))
          .from(table(name("pg_catalog", "pg_stat_activity")))
          .where(field(name("datname"), String.class).eq(databaseName()))
          .fetch();
      dsl.dropDatabaseIfExists(name(databaseName())).execute();
    } catch (SQLException | DataAccessException e) {
      throw new DatabaseException(
          "Cannot drop scratch database %s: %s".formatted(databaseName(), e.getMessage()), e);
    }
  }
}
