package dev.codebasemcp.workspace;

import static dev.codebasemcp.db.jooq.project_registry.Tables.WORKSPACE_CONFIG;
import static dev.codebasemcp.db.jooq.workspace.Tables.CODE_CHUNKS;
import static dev.codebasemcp.db.jooq.workspace.Tables.CODE_FILES;
import static dev.codebasemcp.db.jooq.workspace.Tables.REPOSITORIES;

import dev.codebasemcp.db.Database;
import dev.codebasemcp.db.jooq.project_registry.tables.records.WorkspaceConfigRecord;
import dev.codebasemcp.schema.SchemaMigrator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.conf.MappedSchema;
import org.jooq.conf.RenderMapping;
import org.jooq.conf.Settings;
import org.jooq.conf.SettingsTools;
import org.jooq.impl.DSL;

/**
 * Creates, finds and lists workspaces: a row in {@code project_registry.workspace_config} plus a
 * PostgreSQL schema of its own holding the code index and its own migration history. One set of
 * generated jOOQ classes (schema {@code workspace}) serves every workspace through runtime schema
 * mapping: see {@link #dsl(Workspace)}. Thread-safe.
 */
public final class Workspaces {
  /**
   * The name the generated classes give the workspace schema; mapped to the real one at runtime.
   */
  public static final String GENERATED_SCHEMA = "workspace";

  private final Database database;

  public Workspaces(Database database) {
    this.database = database;
  }

  /** What {@link #create} did. */
  public record Created(Workspace workspace, boolean created) {}

  /**
   * Creates the workspace unless it exists: migrates its schema, then records it. Idempotent, and
   * safe when two processes create the same workspace at once (Flyway locks the schema; the
   * registry insert is conflict-free).
   *
   * @throws WorkspaceException when it exists with a different embedding model
   */
  public Created create(ProjectId id, String embeddingModel, int embeddingDim) {
    Optional<Workspace> existing = find(id);
    if (existing.isPresent()) {
      requireModel(existing.get(), embeddingModel, embeddingDim);
      return new Created(existing.get(), false);
    }
    SchemaMigrator.workspace(database.migrationDataSource(), id.schemaName(), embeddingDim)
        .migrate();
    int inserted =
        database
            .dsl()
            .insertInto(WORKSPACE_CONFIG)
            .set(WORKSPACE_CONFIG.PROJECT_ID, id.value())
            .set(WORKSPACE_CONFIG.SCHEMA_NAME, id.schemaName())
            .set(WORKSPACE_CONFIG.EMBEDDING_MODEL, embeddingModel)
            .set(WORKSPACE_CONFIG.EMBEDDING_DIM, embeddingDim)
            .onConflictDoNothing()
            .execute();
    Workspace workspace = require(id);
    if (inserted == 0) {
      requireModel(workspace, embeddingModel, embeddingDim);
    }
    return new Created(workspace, inserted == 1);
  }

  /**
   * Drops a workspace: its schema with everything in it, and its registry row, in one transaction.
   *
   * @return false when there was no such workspace
   */
  public boolean delete(ProjectId id) {
    return database
        .dsl()
        .transactionResult(
            tx -> {
              DSLContext t = tx.dsl();
              t.dropSchemaIfExists(DSL.schema(DSL.name(id.schemaName()))).cascade().execute();
              return t.deleteFrom(WORKSPACE_CONFIG)
                      .where(WORKSPACE_CONFIG.PROJECT_ID.eq(id.value()))
                      .execute()
                  > 0;
            });
  }

  public Optional<Workspace> find(ProjectId id) {
    return database
        .dsl()
        .selectFrom(WORKSPACE_CONFIG)
        .where(WORKSPACE_CONFIG.PROJECT_ID.eq(id.value()))
        .fetchOptional()
        .map(Workspaces::toWorkspace);
  }

  /** The workspace, or a {@link WorkspaceException} that says how to create it. */
  public Workspace require(ProjectId id) {
    return find(id)
        .orElseThrow(
            () ->
                new WorkspaceException(
                    "No workspace '%s': create it first (create_workspace)".formatted(id)));
  }

  /** Every workspace, oldest first. */
  public List<Workspace> list() {
    return database
        .dsl()
        .selectFrom(WORKSPACE_CONFIG)
        .orderBy(WORKSPACE_CONFIG.CREATED_AT, WORKSPACE_CONFIG.PROJECT_ID)
        .fetch(Workspaces::toWorkspace);
  }

  /** Records a workspace's description (shown by list_workspaces). */
  public void describe(ProjectId id, String description) {
    database
        .dsl()
        .update(WORKSPACE_CONFIG)
        .set(
            WORKSPACE_CONFIG.METADATA,
            DSL.field(
                "coalesce({0}, '{}'::jsonb) || jsonb_build_object('description', {1}::text)",
                WORKSPACE_CONFIG.METADATA.getDataType(),
                WORKSPACE_CONFIG.METADATA,
                DSL.val(description)))
        .where(WORKSPACE_CONFIG.PROJECT_ID.eq(id.value()))
        .execute();
  }

  /** Every workspace's description, for those that have one, in one query. */
  public Map<ProjectId, String> descriptions() {
    Map<ProjectId, String> descriptions = new HashMap<>();
    database
        .dsl()
        .select(
            WORKSPACE_CONFIG.PROJECT_ID,
            DSL.field("{0} ->> 'description'", String.class, WORKSPACE_CONFIG.METADATA))
        .from(WORKSPACE_CONFIG)
        .forEach(
            r -> {
              if (r.value2() != null) {
                descriptions.put(ProjectId.of(r.value1()), r.value2());
              }
            });
    return descriptions;
  }

  /**
   * What a workspace holds.
   *
   * @param repositories repositories indexed into it
   * @param files files indexed
   * @param chunks chunks stored
   */
  public record Stats(int repositories, int files, int chunks) {}

  /** Counts what a workspace holds. */
  public Stats stats(Workspace workspace) {
    DSLContext w = dsl(workspace);
    return new Stats(
        w.fetchCount(REPOSITORIES), w.fetchCount(CODE_FILES), w.fetchCount(CODE_CHUNKS));
  }

  /** The migrations of one workspace's schema. */
  public SchemaMigrator migrator(Workspace workspace) {
    return SchemaMigrator.workspace(
        database.migrationDataSource(), workspace.schemaName(), workspace.embeddingDim());
  }

  /**
   * A jOOQ context in which the generated {@code workspace} tables mean this workspace's tables.
   */
  public DSLContext dsl(Workspace workspace) {
    return inSchema(database.dsl(), workspace);
  }

  /**
   * As {@link #dsl(Workspace)}, over the sessions that write the index ({@link Database#indexDsl}).
   */
  public DSLContext indexDsl(Workspace workspace) {
    return inSchema(database.indexDsl(), workspace);
  }

  private static DSLContext inSchema(DSLContext base, Workspace workspace) {
    return base.configuration().derive(forSchema(base.settings(), workspace.schemaName())).dsl();
  }

  static Settings forSchema(Settings base, String schemaName) {
    return SettingsTools.clone(base)
        .withRenderMapping(
            new RenderMapping()
                .withSchemata(
                    new MappedSchema().withInput(GENERATED_SCHEMA).withOutput(schemaName)));
  }

  /** Throws when {@code workspace} was created with another embedding model. */
  public static void requireModel(Workspace workspace, String model, int dim) {
    if (!workspace.embeddingModel().equals(model) || workspace.embeddingDim() != dim) {
      throw new WorkspaceException(
          ("Workspace '%s' was created with embedding model %s (%d dimensions), not %s (%d"
                  + " dimensions): its vectors cannot be mixed. Use the model it was created with,"
                  + " or a new workspace.")
              .formatted(
                  workspace.projectId(),
                  workspace.embeddingModel(),
                  workspace.embeddingDim(),
                  model,
                  dim));
    }
  }

  private static Workspace toWorkspace(WorkspaceConfigRecord r) {
    return new Workspace(
        ProjectId.of(r.getProjectId()),
        r.getSchemaName(),
        r.getEmbeddingModel(),
        r.getEmbeddingDim(),
        r.getCreatedAt());
  }
}
