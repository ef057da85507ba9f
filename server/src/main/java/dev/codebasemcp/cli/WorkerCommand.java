package dev.codebasemcp.cli;

import dev.codebasemcp.Engine;
import dev.codebasemcp.config.Config;
import dev.codebasemcp.jobs.EngineJobRunner;
import dev.codebasemcp.jobs.JobObserver;
import dev.codebasemcp.jobs.JobQueue;
import dev.codebasemcp.jobs.JobSettings;
import dev.codebasemcp.jobs.JobWorker;
import dev.codebasemcp.jobs.WorkerId;
import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code codebase-mcp worker}: runs queued indexing jobs without an MCP server, until SIGTERM or
 * Ctrl-C; then gives running jobs back to the queue after their current batch commits. Several
 * workers on several machines sharing one PostgreSQL split the jobs between them.
 */
public final class WorkerCommand {
  private final Config config;
  private final Map<String, String> env;
  private final PrintStream err;

  public WorkerCommand(Config config, Map<String, String> env, PrintStream err) {
    this.config = config;
    this.env = env;
    this.err = err;
  }

  public int run() throws InterruptedException {
    JobSettings settings = JobSettings.fromEnvironment(env);
    Engine engine = Engine.open(config);
    JobWorker worker =
        new JobWorker(
            new JobQueue(engine.database().dsl()),
            new EngineJobRunner(engine, settings.maxJobs()),
            settings,
            WorkerId.forThisProcess(),
            JobObserver.NONE);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  err.println("codebase-mcp worker: stopping (giving running jobs back)");
                  try {
                    worker.close();
                  } finally {
                    engine.close();
                    stopped.countDown();
                  }
                },
                "worker-shutdown"));
    worker.start();
    err.printf(
        "codebase-mcp worker %s: running up to %d job(s) at once; Ctrl-C or SIGTERM stops it%n",
        worker.id(), settings.maxJobs());
    stopped.await();
    return 0;
  }
}
