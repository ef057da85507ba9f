package dev.codebasemcp.jobs;

import dev.codebasemcp.index.IndexListener;
import dev.codebasemcp.index.IndexProgress;
import java.util.function.BooleanSupplier;

/** Does a job's work: indexes its repository into its workspace. Called on a worker thread. */
@FunctionalInterface
public interface JobRunner {
  /**
   * Runs the job to the end.
   *
   * @param job the job as claimed (a resumed job has {@code attempts > 1})
   * @param listener receives progress while it runs
   * @param stop polled between batches; when true the run stops with an {@code
   *     IndexCancelledException}, leaving what it committed consistent
   * @return the final progress
   */
  IndexProgress run(Job job, IndexListener listener, BooleanSupplier stop);
}
