package dev.codebasemcp.db;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * Single JDBC connections outside the pool: for the start-up check and for administration (creating
 * databases). Turns the driver's failures into one readable {@link DatabaseException}. Stateless
 * and thread-safe.
 */
public final class Connections {
  private static final Duration RETRY_WHILE_STARTING = Duration.ofSeconds(30);

  private Connections() {}

  /** JDBC properties for {@code url}: credentials, timeouts and the application name. */
  static Properties properties(DatabaseUrl url) {
    Properties props = new Properties();
    if (url.user() != null) {
      props.setProperty("user", url.user());
    }
    if (url.password() != null) {
      props.setProperty("password", url.password());
    }
    props.setProperty("ApplicationName", "codebase-mcp");
    props.setProperty("connectTimeout", "10");
    props.setProperty("loginTimeout", "15");
    props.setProperty("tcpKeepAlive", "true");
    return props;
  }

  /**
   * Opens a connection, retrying for a while when the server says it is still starting up.
   *
   * @throws DatabaseException naming the database and the reason when it cannot connect
   */
  public static Connection open(DatabaseUrl url) {
    long deadline = System.nanoTime() + RETRY_WHILE_STARTING.toNanos();
    while (true) {
      try {
        return DriverManager.getConnection(url.jdbcUrl(), properties(url));
      } catch (SQLException e) {
        if ("57P03".equals(e.getSQLState()) && System.nanoTime() < deadline) {
          sleep();
          continue;
        }
        throw cannotConnect(url, e);
      }
    }
  }

  /** The message for a failed connection, by the kind of failure. */
  static DatabaseException cannotConnect(DatabaseUrl url, SQLException e) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    String reason = firstLine(e.getMessage());
    String hint =
        switch (state) {
          case "28P01", "28000" -> " Check the user name and password.";
          case "3D000" -> " Create the database, or name an existing one.";
          case "08001", "08004", "08006" ->
              reason.contains("Check")
                  ? ""
                  : " Check that PostgreSQL is running there and that the host and port are right.";
          default -> "";
        };
    return new DatabaseException(
        "Cannot connect to PostgreSQL at %s: %s.%s"
            .formatted(url.display(), stripDot(reason), hint),
        e);
  }

  /** Creates {@code database} unless it exists, connected through {@code admin}. */
  static void createDatabaseIfMissing(DatabaseUrl admin, String database) {
    try (Connection connection = open(admin)) {
      DSLContext dsl = DSL.using(connection, SQLDialect.POSTGRES);
      boolean exists =
          dsl.fetchExists(
              table(name("pg_catalog", "pg_database")),
              field(name("datname"), String.class).eq(database));
      if (!exists) {
        dsl.createDatabase(name(database)).execute();
      }
    } catch (SQLException | org.jooq.exception.DataAccessException e) {
      throw new DatabaseException(
          "Cannot create database %s at %s: %s"
              .formatted(database, admin.display(), e.getMessage()),
          e);
    }
  }

  static String firstLine(String message) {
    if (message == null) {
      return "unknown error";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  private static String stripDot(String s) {
    return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
  }

  private static void sleep() {
    try {
      Thread.sleep(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DatabaseException("Interrupted while waiting for the database to start", e);
    }
  }
}
