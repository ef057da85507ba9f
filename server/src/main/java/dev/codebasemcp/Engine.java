package dev.codebasemcp;

import dev.codebasemcp.config.Config;
import dev.codebasemcp.db.Database;
import dev.codebasemcp.db.DatabaseCheck;
import dev.codebasemcp.embed.Embedder;
import dev.codebasemcp.embed.Embedders;
import dev.codebasemcp.embed.EmbeddingSettings;
import dev.codebasemcp.index.IndexListener;
import dev.codebasemcp.index.IndexProgress;
import dev.codebasemcp.index.IndexStore;
import dev.codebasemcp.index.Indexer;
import dev.codebasemcp.index.chunk.Chunker;
import dev.codebasemcp.search.HybridSearch;
import dev.codebasemcp.search.SearchRequest;
import dev.codebasemcp.search.SearchResult;
import dev.codebasemcp.workspace.ProjectId;
import dev.codebasemcp.workspace.Workspace;
import dev.codebasemcp.workspace.Workspaces;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;

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
  private Embedder embedder;
  private Chunker chunker;

  private Engine(Database database, EmbeddingSettings embeddingSettings, Indexer.Options options) {
    this.database = database;
    this.workspaces = new Workspaces(database);
    this.embeddingSettings = embeddingSettings;
    this.indexOptions = options;
  }

  /** Opens the configured database, migrates the registry, and gets ready to index and search. */
  public static Engine open(Config config) {
    Database database = Database.open(config);
    try {
      database.registryMigrator().migrate();
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
    Embedder model = embedder();
    return workspaces.create(id, model.modelId(), model.dimension()).workspace();
  }

  /** Indexes a repository into a workspace (created when missing). */
  public IndexProgress index(
      ProjectId id,
      Path repository,
      boolean force,
      IndexListener listener,
      BooleanSupplier cancelled) {
    Workspace workspace = workspace(id);
    IndexStore store = new IndexStore(workspaces.dsl(workspace), id);
    return new Indexer(chunker(), embedder(), indexOptions.withForce(force))
        .index(store, repository, listener, cancelled);
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

  private void requireModel(Workspace workspace) {
    Workspaces.requireModel(workspace, embedder().modelId(), embedder().dimension());
  }

  @Override
  public synchronized void close() {
    try {
      if (embedder != null) {
        embedder.close();
      }
    } finally {
      database.close();
    }
  }
}
