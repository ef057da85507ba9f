package dev.codebasemcp.codegen;

import dev.codebasemcp.config.Config;
import dev.codebasemcp.db.Database;
import dev.codebasemcp.db.DatabaseUrl;
import dev.codebasemcp.db.ScratchDatabase;
import dev.codebasemcp.schema.SchemaMigrator;
import dev.codebasemcp.workspace.ProjectId;
import dev.codebasemcp.workspace.Workspaces;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.jooq.codegen.GenerationTool;
import org.jooq.meta.jaxb.Configuration;
import org.jooq.meta.jaxb.ForcedType;
import org.jooq.meta.jaxb.Generate;
import org.jooq.meta.jaxb.Generator;
import org.jooq.meta.jaxb.Jdbc;
import org.jooq.meta.jaxb.Logging;
import org.jooq.meta.jaxb.OnError;
import org.jooq.meta.jaxb.SchemaMappingType;
import org.jooq.meta.jaxb.Target;

/**
 * Generates the jOOQ classes committed under {@code server/src/generated/java}: migrates a scratch
 * database with the current Flyway scripts (the registry, and one template workspace whose schema
 * is generated as {@value Workspaces#GENERATED_SCHEMA} and mapped to each real workspace at
 * runtime), then runs jOOQ's generator against it. The output is deterministic, so a fresh run can
 * be compared with the committed files (see the drift test).
 *
 * <p>Run it with {@code scripts/jooq-codegen} after adding a migration.
 */
public final class JooqGenerator {
  /** The Java package of the generated classes. */
  public static final String PACKAGE = "dev.codebasemcp.db.jooq";

  /** The workspace whose schema the workspace classes are generated from. */
  static final ProjectId TEMPLATE = ProjectId.of("codegen-template");

  private JooqGenerator() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: JooqGenerator <target source directory>");
      System.exit(2);
    }
    Path target = Path.of(args[0]).toAbsolutePath().normalize();
    generate(serverOf(Config.fromEnvironment()), target, url -> {});
    System.err.println("jOOQ classes generated into " + target);
  }

  /** The database server the configuration points at, starting the managed one if needed. */
  public static DatabaseUrl serverOf(Config config) {
    return config.databaseUrl().orElseGet(() -> Database.managedCluster(config).start());
  }

  /**
   * Migrates a scratch database on {@code server} and generates the classes into {@code target}
   * (replacing what is in the package there).
   *
   * @param beforeGenerate runs against the migrated scratch database before generation (tests use
   *     it to simulate a migration added without regenerating)
   */
  public static void generate(DatabaseUrl server, Path target, Consumer<DatabaseUrl> beforeGenerate)
      throws Exception {
    try (ScratchDatabase scratch = ScratchDatabase.create(server, "codegen")) {
      try (Database db = Database.open(scratch.url(), false, 2)) {
        db.registryMigrator().migrate();
        SchemaMigrator.workspace(db.migrationDataSource(), TEMPLATE.schemaName(), 384).migrate();
      }
      beforeGenerate.accept(scratch.url());
      GenerationTool.generate(configuration(scratch.url(), target));
    }
  }

  static Configuration configuration(DatabaseUrl url, Path target) {
    String template = TEMPLATE.schemaName();
    return new Configuration()
        .withLogging(Logging.WARN)
        .withOnError(OnError.FAIL)
        .withJdbc(
            new Jdbc()
                .withDriver("org.postgresql.Driver")
                .withUrl(url.jdbcUrl())
                .withUser(url.user())
                .withPassword(url.password()))
        .withGenerator(
            new Generator()
                .withName("org.jooq.codegen.JavaGenerator")
                .withDatabase(
                    new org.jooq.meta.jaxb.Database()
                        .withName("org.jooq.meta.postgres.PostgresDatabase")
                        .withSchemata(
                            new SchemaMappingType().withInputSchema(SchemaMigrator.REGISTRY_SCHEMA),
                            new SchemaMappingType()
                                .withInputSchema(template)
                                .withOutputSchema(Workspaces.GENERATED_SCHEMA))
                        .withIncludeExcludeColumns(true)
                        // Flyway's own tables, and the tsvector column: jOOQ has no type for it
                        // (the search code names it directly) and it is generated, never written.
                        .withExcludes(
                            SchemaMigrator.HISTORY_TABLE
                                + "|"
                                + template
                                + "\\.code_chunks\\.search_tsv")
                        .withForcedTypes(
                            new ForcedType()
                                .withUserType("float[]")
                                .withBinding("dev.codebasemcp.db.PgVectorBinding")
                                .withIncludeTypes("vector")))
                .withGenerate(
                    new Generate()
                        .withGeneratedAnnotation(false)
                        .withJavaTimeTypes(true)
                        .withComments(true)
                        .withSources(false)
                        .withSourcesOnViews(false)
                        .withJooqVersionReference(false)
                        .withPojos(false)
                        .withDaos(false)
                        .withRecords(true))
                .withTarget(
                    new Target()
                        .withPackageName(PACKAGE)
                        .withDirectory(target.toString())
                        .withClean(true)));
  }
}
