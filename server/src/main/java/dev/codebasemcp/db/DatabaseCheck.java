package dev.codebasemcp.db;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.function;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import java.sql.Connection;
import java.sql.SQLException;
import org.jooq.DSLContext;
import org.jooq.Record2;
import org.jooq.SQLDialect;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;

/**
 * Checks, at start, that a PostgreSQL server can hold codebase-mcp's index: version 13 or newer and
 * the pgvector extension at 0.7 or newer, installed in the database (created here when the user
 * may). Each failure is one message naming the missing piece. Stateless and thread-safe.
 */
public final class DatabaseCheck {
  static final int MINIMUM_SERVER_VERSION_NUM = 130000;
  static final int[] MINIMUM_VECTOR = {0, 7, 0};

  private static final String CREATE_EXTENSION =
      "create extension if not exists vector with schema public";

  private DatabaseCheck() {}

  /** What the check found. */
  public record Report(String serverVersion, String vectorVersion) {}

  /**
   * Runs the checks against {@code url}.
   *
   * @param managed whether the server is codebase-mcp's own cluster (changes the advice given)
   */
  public static Report verify(DatabaseUrl url, boolean managed) {
    try (Connection connection = Connections.open(url)) {
      DSLContext dsl = DSL.using(connection, SQLDialect.POSTGRES);
      // "15.20 (Debian 15.20-0+deb12u1)": the number is what users compare.
      String version = setting(dsl, "server_version").split(" ")[0];
      int versionNum = Integer.parseInt(setting(dsl, "server_version_num"));
      if (versionNum < MINIMUM_SERVER_VERSION_NUM) {
        throw new DatabaseException(
            "PostgreSQL at %s is version %s; codebase-mcp needs PostgreSQL 13 or newer."
                .formatted(url.display(), version));
      }
      int major = versionNum / 10000;
      Record2<String, String> vector =
          dsl.select(
                  field(name("default_version"), String.class),
                  field(name("installed_version"), String.class))
              .from(table(name("pg_catalog", "pg_available_extensions")))
              .where(field(name("name"), String.class).eq("vector"))
              .fetchOne();
      if (vector == null) {
        throw new DatabaseException(
            "PostgreSQL %s at %s has no pgvector extension: install pgvector 0.7 or newer for"
                    .formatted(version, url.display())
                + " PostgreSQL %d (%s).".formatted(major, installAdvice(managed, major)));
      }
      String installed = vector.value2();
      if (installed == null) {
        if (!atLeast(vector.value1(), MINIMUM_VECTOR)) {
          throw new DatabaseException(
              "PostgreSQL %s at %s offers pgvector %s; codebase-mcp needs 0.7 or newer (%s)."
                  .formatted(
                      version, url.display(), vector.value1(), installAdvice(managed, major)));
        }
        createExtension(dsl, url);
        installed = vector.value1();
      } else if (!atLeast(installed, MINIMUM_VECTOR)) {
        throw new DatabaseException(
            ("The database at %s has pgvector %s installed; codebase-mcp needs 0.7 or newer. Run"
                    + " ALTER EXTENSION vector UPDATE in it%s.")
                .formatted(
                    url.display(),
                    installed,
                    atLeast(vector.value1(), MINIMUM_VECTOR)
                        ? ""
                        : " after installing a newer pgvector ("
                            + installAdvice(managed, major)
                            + ")"));
      }
      return new Report(version, installed);
    } catch (SQLException | DataAccessException e) {
      throw new DatabaseException(
          "Cannot check the database at %s: %s".formatted(url.display(), e.getMessage()), e);
    }
  }

  private static String setting(DSLContext dsl, String name) {
    return dsl.select(function("current_setting", String.class, inline(name)))
        .fetchSingle()
        .value1();
  }

  private static void createExtension(DSLContext dsl, DatabaseUrl url) {
    try {
      // jOOQ has no CREATE EXTENSION construct: the only plain SQL here.
      dsl.execute(CREATE_EXTENSION);
    } catch (DataAccessException e) {
      throw new DatabaseException(
          ("The database at %s does not have the vector extension, and this user may not create it"
                  + " (%s). Ask a superuser to run CREATE EXTENSION vector in that database.")
              .formatted(
                  url.display(), e.sqlState() + ": " + Connections.firstLine(e.getMessage())),
          e);
    }
  }

  private static String installAdvice(boolean managed, int major) {
    return managed
        ? "run scripts/provision, which installs it"
        : "Debian/Ubuntu: package postgresql-%d-pgvector, or scripts/provision on this machine;"
                .formatted(major)
            + " macOS: brew install pgvector";
  }

  /** Compares dotted versions such as "0.8.0" with a minimum. */
  public static boolean atLeast(String version, int[] minimum) {
    String[] parts = version.split("[.-]");
    for (int i = 0; i < minimum.length; i++) {
      int part;
      try {
        part = i < parts.length ? Integer.parseInt(parts[i]) : 0;
      } catch (NumberFormatException e) {
        return false;
      }
      if (part != minimum[i]) {
        return part > minimum[i];
      }
    }
    return true;
  }
}
