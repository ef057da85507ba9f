package dev.codebasemcp.jobs;

import dev.codebasemcp.Engine;
import dev.codebasemcp.index.IndexListener;
import dev.codebasemcp.index.IndexProgress;
import dev.codebasemcp.index.Indexer;
import dev.codebasemcp.workspace.ProjectId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/**
 * Runs jobs with the indexing engine. A resumed job skips the files its earlier attempts committed:
 * the engine's change detection does that for ordinary jobs; a forced job re-chunks only files
 * indexed before its first attempt started. Thread-safe.
 */
public final class EngineJobRunner implements JobRunner {
  private final Engine engine;

  /**
   * A runner for at most {@code maxRuns} jobs at once: the index pool is made large enough for
   * them.
   */
  public EngineJobRunner(Engine engine, int maxRuns) {
    this.engine = engine;
    engine.database().reserveIndexConnections(maxRuns * Indexer.CONNECTIONS);
  }

  @Override
  public IndexProgress run(Job job, IndexListener listener, BooleanSupplier stop) {
    Path repository = Path.of(job.repoPath());
    if (!Files.isDirectory(repository)) {
      throw new JobException(
          "The repository is gone: " + repository + " no longer exists or is not a directory");
    }
    if (!Files.isReadable(repository)) {
      throw new JobException("The repository is not readable: " + repository);
    }
    Instant forceBefore =
        job.attempts() > 1 && job.firstStartedAt() != null
            ? job.firstStartedAt().toInstant()
            : null;
    return engine.indexExisting(
        ProjectId.of(job.projectId()), repository, job.forceReindex(), forceBefore, listener, stop);
  }
}
