package dev.codebasemcp.schema;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.function;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;
import static org.jooq.impl.DSL.val;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.output.MigrateResult;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * Applies one {@link MigrationSet} to one PostgreSQL schema with Flyway, and rolls it back with the
 * shipped inverse scripts. Each schema keeps its own {@code flyway_schema_history}, so migration
 * history is isolated per workspace.
 *
 * <p>Flyway runs each migration in its own transaction and serialises concurrent migrate calls on a
 * schema with a PostgreSQL advisory lock; a rollback runs all its inverse scripts and the matching
 * history deletions in one transaction. Instances are immutable and thread-safe.
 */
public final class SchemaMigrator {
  /** The registry's schema: workspaces and jobs. */
  public static final String REGISTRY_SCHEMA = "project_registry";

  /** Flyway's history table, one per migrated schema. */
  public static final String HISTORY_TABLE = "flyway_schema_history";

  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([a-z_]+)}");

  private final DataSource dataSource;
  private final MigrationSet set;
  private final String schema;
  private final Map<String, String> placeholders;

  private SchemaMigrator(
      DataSource dataSource, MigrationSet set, String schema, Map<String, String> placeholders) {
    this.dataSource = dataSource;
    this.set = set;
    this.schema = schema;
    this.placeholders = Map.copyOf(placeholders);
  }

  /** The registry migrations, applied to schema {@value #REGISTRY_SCHEMA}. */
  public static SchemaMigrator registry(DataSource dataSource) {
    return new SchemaMigrator(dataSource, MigrationSet.REGISTRY, REGISTRY_SCHEMA, Map.of());
  }

  /**
   * The code-index migrations for one workspace.
   *
   * @param schemaName the workspace's schema, already derived from a validated project id
   * @param embeddingDim the dimension of the workspace's embedding vectors
   */
  public static SchemaMigrator workspace(
      DataSource dataSource, String schemaName, int embeddingDim) {
    if (!schemaName.matches("[a-z_][a-z0-9_]{0,62}")) {
      throw new IllegalArgumentException("not a workspace schema name: " + schemaName);
    }
    if (embeddingDim < 1 || embeddingDim > 2000) {
      throw new IllegalArgumentException(
          "embedding dimension out of range 1-2000: " + embeddingDim);
    }
    return new SchemaMigrator(
        dataSource,
        MigrationSet.WORKSPACE,
        schemaName,
        Map.of("embedding_dim", Integer.toString(embeddingDim)));
  }

  public String schema() {
    return schema;
  }

  public MigrationSet set() {
    return set;
  }

  /** Applies every pending migration. Migrating an up-to-date schema is a no-op. */
  public MigrationResult migrate() {
    return run(flyway(null));
  }

  /**
   * Applies pending migrations, first checking cheaply whether there are any: when the history's
   * newest successful version is the newest this build ships, Flyway is not started at all (it
   * costs over half a second, which every server start would pay). {@code db migrate} still runs
   * Flyway in full, with its validation of applied scripts.
   */
  public MigrationResult migrateIfBehind() {
    return migrateIfBehind(dataSource);
  }

  /**
   * As {@link #migrateIfBehind()}, reading the applied version through {@code versionCheck} (a
   * pool's connection, say, where opening one of this migrator's own would cost more than the
   * check).
   */
  public MigrationResult migrateIfBehind(DataSource versionCheck) {
    Optional<String> shipped = set.latestShippedVersion();
    if (shipped.isPresent()) {
      String sql =
          "select version from \"%s\".%s where success and version is not null"
                  .formatted(schema, HISTORY_TABLE)
              + " order by installed_rank desc limit 1";
      try (Connection c = versionCheck.getConnection();
          PreparedStatement statement = c.prepareStatement(sql);
          ResultSet rows = statement.executeQuery()) {
        if (rows.next() && shipped.get().equals(rows.getString(1))) {
          return new MigrationResult(schema, shipped.get(), shipped.get(), 0);
        }
      } catch (SQLException e) {
        // No history yet (a new database): Flyway creates it.
      }
    }
    return migrate();
  }

  /** Applies pending migrations up to and including {@code version}. */
  public MigrationResult migrateTo(String version) {
    return run(flyway(parseVersion(version)));
  }

  /** The applied version, or "0" when nothing is applied. */
  public String currentVersion() {
    MigrationInfo current = flyway(null).info().current();
    return current == null || current.getVersion() == null
        ? "0"
        : current.getVersion().getVersion();
  }

  /** The newest version this build ships. */
  public String latestVersion() {
    return Arrays.stream(flyway(null).info().all())
        .map(MigrationInfo::getVersion)
        .filter(v -> v != null)
        .max(Comparator.naturalOrder())
        .map(MigrationVersion::getVersion)
        .orElse("0");
  }

  /**
   * Undoes every applied migration newer than {@code version}, newest first, in one transaction:
   * either all inverse scripts run and their history rows go, or nothing changes. Schema only: data
   * in dropped tables and columns is gone.
   */
  public RollbackResult rollbackTo(String version) {
    MigrationVersion target = parseVersion(version);
    Flyway flyway = flyway(null);
    List<MigrationInfo> applied = appliedVersioned(flyway);
    String from = from(applied);
    List<MigrationInfo> undo = toUndo(applied, target, version);
    if (undo.isEmpty()) {
      return new RollbackResult(schema, from, from, List.of());
    }
    List<String> scripts = new ArrayList<>();
    for (MigrationInfo m : undo) {
      scripts.add(undoScript(m.getScript()));
    }
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try {
        DSLContext dsl = DSL.using(connection, SQLDialect.POSTGRES);
        lockAgainstOtherMigrations(dsl);
        List<String> current =
            dsl.select(field(name("version"), String.class))
                .from(table(name(schema, HISTORY_TABLE)))
                .where(field(name("version")).isNotNull())
                .and(field(name("success"), Boolean.class).isTrue())
                .orderBy(field(name("installed_rank")))
                .fetch(field(name("version"), String.class));
        if (!current.equals(applied.stream().map(m -> m.getVersion().getVersion()).toList())) {
          throw new MigrationException(
              "Schema %s changed while the rollback was being prepared (now at %s); nothing was undone. Try again."
                  .formatted(schema, current.isEmpty() ? "0" : current.get(current.size() - 1)));
        }
        dsl.select(
                function(
                    "set_config",
                    String.class,
                    inline("search_path"),
                    val(quoteIdentifier(schema) + ", public"),
                    inline(true)))
            .fetch();
        for (int i = 0; i < undo.size(); i++) {
          try (Statement statement = connection.createStatement()) {
            statement.execute(scripts.get(i));
          }
          dsl.deleteFrom(table(name(schema, HISTORY_TABLE)))
              .where(field(name("version"), String.class).eq(undo.get(i).getVersion().getVersion()))
              .execute();
        }
        connection.commit();
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      }
    } catch (MigrationException e) {
      throw e;
    } catch (SQLException | org.jooq.exception.DataAccessException e) {
      throw new MigrationException(
          "Rollback of schema %s from %s to %s failed and changed nothing: %s"
              .formatted(schema, from, version, e.getMessage()),
          e);
    }
    return new RollbackResult(
        schema,
        from,
        target.getVersion(),
        undo.stream().map(m -> m.getVersion().getVersion()).toList());
  }

  /**
   * What {@link #rollbackTo} would undo, newest first, as "version (description)", changing
   * nothing; throws as it would when the version is not applied.
   */
  public List<String> rollbackPlan(String version) {
    MigrationVersion target = parseVersion(version);
    List<MigrationInfo> applied = appliedVersioned(flyway(null));
    return toUndo(applied, target, version).stream()
        .map(m -> m.getVersion().getVersion() + " (" + m.getDescription() + ")")
        .toList();
  }

  private List<MigrationInfo> toUndo(
      List<MigrationInfo> applied, MigrationVersion target, String version) {
    if (!target.equals(MigrationVersion.fromVersion("0"))
        && applied.stream().noneMatch(m -> m.getVersion().equals(target))) {
      throw new MigrationException(
          "Cannot roll back schema %s to version %s: that version is not applied (applied: %s)."
              .formatted(schema, version, versions(applied)));
    }
    List<MigrationInfo> undo = new ArrayList<>();
    for (MigrationInfo m : applied) {
      if (m.getVersion().compareTo(target) > 0) {
        undo.add(0, m);
      }
    }
    return undo;
  }

  private static String from(List<MigrationInfo> applied) {
    return applied.isEmpty() ? "0" : applied.get(applied.size() - 1).getVersion().getVersion();
  }

  private MigrationResult run(Flyway flyway) {
    try {
      MigrateResult result = flyway.migrate();
      String from = result.initialSchemaVersion == null ? "0" : result.initialSchemaVersion;
      String to = result.targetSchemaVersion == null ? from : result.targetSchemaVersion;
      return new MigrationResult(schema, from, to, result.migrationsExecuted);
    } catch (FlywayException e) {
      throw new MigrationException(
          "Migration of schema %s failed: %s".formatted(schema, e.getMessage()), e);
    }
  }

  private Flyway flyway(MigrationVersion target) {
    var configuration =
        Flyway.configure(SchemaMigrator.class.getClassLoader())
            .dataSource(dataSource)
            .schemas(schema)
            .defaultSchema(schema)
            .createSchemas(true)
            .table(HISTORY_TABLE)
            .locations(set.flywayLocation())
            .placeholders(placeholders)
            .validateMigrationNaming(true)
            .cleanDisabled(true)
            .loggers("slf4j");
    if (target != null) {
      configuration = configuration.target(target);
    }
    return configuration.load();
  }

  /**
   * Takes, for the rest of the transaction, the advisory lock Flyway takes to migrate this schema
   * (its key: 77431708279161 plus the hash of the quoted history table name), so that a rollback
   * and a migration of one schema never interleave.
   */
  private void lockAgainstOtherMigrations(DSLContext dsl) {
    dsl.select(function("pg_advisory_xact_lock", Object.class, val(migrationLockKey()))).fetch();
  }

  /** The PostgreSQL advisory lock key Flyway migrations of this schema hold. */
  public long migrationLockKey() {
    return 77431708279161L
        + (quoteIdentifier(schema) + "." + quoteIdentifier(HISTORY_TABLE)).hashCode();
  }

  private static List<MigrationInfo> appliedVersioned(Flyway flyway) {
    return Arrays.stream(flyway.info().applied())
        .filter(
            m -> m.getVersion() != null && m.getScript() != null && m.getScript().endsWith(".sql"))
        .sorted(Comparator.comparing(MigrationInfo::getVersion))
        .toList();
  }

  private String undoScript(String versionedScript) {
    String resource = set.undoResource(versionedScript);
    try (InputStream in = SchemaMigrator.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new MigrationException(
            "Cannot roll back %s in schema %s: its inverse script %s is missing."
                .formatted(versionedScript, schema, resource));
      }
      return replacePlaceholders(new String(in.readAllBytes(), StandardCharsets.UTF_8), resource);
    } catch (IOException e) {
      throw new MigrationException("Cannot read inverse script " + resource, e);
    }
  }

  private String replacePlaceholders(String sql, String resource) {
    Matcher matcher = PLACEHOLDER.matcher(sql);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      String value = placeholders.get(matcher.group(1));
      if (value == null) {
        throw new MigrationException(
            "Inverse script %s uses unknown placeholder ${%s}"
                .formatted(resource, matcher.group(1)));
      }
      matcher.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    matcher.appendTail(out);
    return out.toString();
  }

  private static MigrationVersion parseVersion(String version) {
    if (version == null || !version.matches("\\d+(\\.\\d+)*")) {
      throw new MigrationException(
          "Not a migration version: '%s' (expected a number such as 1 or 2)".formatted(version));
    }
    return MigrationVersion.fromVersion(version);
  }

  private static String versions(List<MigrationInfo> applied) {
    return applied.isEmpty()
        ? "none"
        : String.join(", ", applied.stream().map(m -> m.getVersion().getVersion()).toList());
  }

  static String quoteIdentifier(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }
}
