package dev.codebasemcp;

import dev.codebasemcp.config.Config;
import dev.codebasemcp.db.Database;
import dev.codebasemcp.db.DatabaseCheck;
import dev.codebasemcp.embed.Embedder;
import dev.codebasemcp.embed.Embedders;
import dev.codebasemcp.embed.EmbeddingSettings;
import dev.codebasemcp.embed.onnx.OnnxEmbedder;
import dev.codebasemcp.index.BackgroundRuns;
import dev.codebasemcp.index.IndexListener;
import dev.codebasemcp.index.IndexProgress;
import dev.codebasemcp.index.IndexStore;
import dev.codebasemcp.index.Indexer;
import dev.codebasemcp.index.RepositoryLock;
import dev.codebasemcp.index.chunk.Chunker;
import dev.codebasemcp.search.HybridSearch;
import dev.codebasemcp.search.SearchRequest;
import dev.codebasemcp.search.SearchResult;
import dev.codebasemcp.workspace.ProjectId;
import dev.codebasemcp.workspace.Workspace;
import dev.codebasemcp.workspace.Workspaces;
import java.nio.file.Path;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import org.slf4j.LoggerFactory;

/**
 * The indexing engine and search wired together: the database (registry migrated), the workspaces,
 * the embedding model (loaded on first use) and the chunker. The command line and the MCP tools
 * both call it. Thread-safe; close it once.
 */
public final class Engine implements AutoCloseable {
  private final Database database;
  private final Workspaces workspaces;
  private final EmbeddingSettings embeddingSettings;
  private final Indexer.Options indexOptions;
  private final BackgroundRuns background;
  private Embedder embedder;
  private Chunker chunker;

  private Engine(Database database, EmbeddingSettings embeddingSettings, Indexer.Options options) {
    this.database = database;
    this.workspaces = new Workspaces(database);
    this.embeddingSettings = embeddingSettings;
    this.indexOptions = options;
    this.background = new BackgroundRuns(database.indexNice());
  }

  /** Opens the configured database, migrates the registry, and gets ready to index and search. */
  public static Engine open(Config config) {
    long start = System.nanoTime();
    Database database = Database.open(config);
    try {
      long opened = System.nanoTime();
      database.registryMigrator().migrateIfBehind(database.dataSource());
      LoggerFactory.getLogger(Engine.class)
          .debug(
              "Database opened in {} ms, registry checked in {} ms",
              (opened - start) / 1_000_000,
              (System.nanoTime() - opened) / 1_000_000);
      return new Engine(
          database, EmbeddingSettings.fromEnvironment(System.getenv()), Indexer.Options.defaults());
    } catch (RuntimeException e) {
      database.close();
      throw e;
    }
  }

  /** An engine over an open database, for tests and benchmarks. */
  public static Engine over(
      Database database, EmbeddingSettings settings, Indexer.Options options) {
    database.registryMigrator().migrate();
    return new Engine(database, settings, options);
  }

  public Database database() {
    return database;
  }

  public Workspaces workspaces() {
    return workspaces;
  }

  /** The embedding model, loaded on first use. */
  public synchronized Embedder embedder() {
    if (embedder == null) {
      embedder = Embedders.create(embeddingSettings);
    }
    return embedder;
  }

  private synchronized Chunker chunker() {
    if (chunker == null) {
      Embedder model = embedder();
      chunker = new Chunker(model.maxTokens(), model::countTokens);
    }
    return chunker;
  }

  /** The workspace, created with this engine's model when missing. */
  public Workspace workspace(ProjectId id) {
    return createWorkspace(id).workspace();
  }

  /**
   * Creates the workspace with this engine's model unless it exists (then checks the model). Loads
   * the model only when its dimension cannot be known otherwise (a remote model without {@code
   * CODEBASE_MCP_EMBEDDING_DIMENSION}).
   */
  public Workspaces.Created createWorkspace(ProjectId id) {
    Model model = model();
    return workspaces.create(id, model.id(), model.dimension());
  }

  /** An embedding model's identity: what a workspace records. */
  public record Model(String id, int dimension) {}

  /** The model new workspaces get, known without loading it where possible. */
  public Model model() {
    if (embeddingSettings.provider() == EmbeddingSettings.Provider.ONNX) {
      return new Model(embeddingSettings.modelId(), OnnxEmbedder.DIMENSION);
    }
    if (embeddingSettings.dimension().isPresent()) {
      return new Model(embeddingSettings.modelId(), embeddingSettings.dimension().getAsInt());
    }
    Embedder loaded = embedder();
    return new Model(loaded.modelId(), loaded.dimension());
  }

  /** Indexes a repository into a workspace (created when missing). */
  public IndexProgress index(
      ProjectId id,
      Path repository,
      boolean force,
      IndexListener listener,
      BooleanSupplier cancelled) {
    return index(workspace(id), repository, indexOptions.withForce(force), listener, cancelled);
  }

  /**
   * Indexes a repository into an existing workspace, as a job does.
   *
   * @param forceBefore with {@code force}, re-chunk only files indexed before this instant (null:
   *     every file)
   */
  public IndexProgress indexExisting(
      ProjectId id,
      Path repository,
      boolean force,
      Instant forceBefore,
      IndexListener listener,
      BooleanSupplier cancelled) {
    Workspace workspace = workspaces.require(id);
    requireModel(workspace);
    Indexer.Options options =
        force && forceBefore != null
            ? indexOptions.withForceBefore(forceBefore)
            : indexOptions.withForce(force);
    return index(workspace, repository, options, listener, cancelled);
  }

  private IndexProgress index(
      Workspace workspace,
      Path repository,
      Indexer.Options options,
      IndexListener listener,
      BooleanSupplier cancelled) {
    IndexStore store = new IndexStore(workspaces.indexDsl(workspace), workspace.projectId());
    // On a background thread (see BackgroundRuns): the model load, reading, chunking, writing and
    // embedding all run at the background nice value.
    return background.run(
        cancelled,
        stop -> {
          // On a connection of its own, outside the pools: closing it ends the session, so the lock
          // cannot outlive the run, and a run waiting for it holds no pooled connection.
          RepositoryLock lock =
              RepositoryLock.acquire(
                  database.migrationDataSource(),
                  workspace.schemaName(),
                  repository,
                  stop,
                  () ->
                      LoggerFactory.getLogger(Engine.class)
                          .info(
                              "Another indexing run of {} into '{}' is under way: waiting for it"
                                  + " to end",
                              repository,
                              workspace.projectId()));
          try {
            return new Indexer(chunker(), embedder(), options)
                .index(store, repository, listener, stop);
          } finally {
            lock.close();
            HybridSearch.indexChanged(workspace.schemaName());
          }
        });
  }

  /** Searches an existing workspace. */
  public SearchResult search(ProjectId id, SearchRequest request) {
    Workspace workspace = workspaces.require(id);
    requireModel(workspace);
    boolean iterative =
        DatabaseCheck.atLeast(database.report().vectorVersion(), new int[] {0, 8, 0});
    return new HybridSearch(
            workspaces.dsl(workspace), workspace.schemaName(), embedder(), iterative)
        .run(request);
  }

  /** Checks the workspace's model, without loading this engine's where it is known otherwise. */
  private void requireModel(Workspace workspace) {
    Model model = model();
    Workspaces.requireModel(workspace, model.id(), model.dimension());
  }

  @Override
  public synchronized void close() {
    try {
      background.close();
      if (embedder != null) {
        embedder.close();
      }
    } finally {
      database.close();
    }
  }
}
