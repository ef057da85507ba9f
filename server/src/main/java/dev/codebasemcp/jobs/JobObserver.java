package dev.codebasemcp.jobs;

/**
 * Hears about the jobs this process's worker runs: when one starts, at every progress write (at
 * most once a second), and when it ends. Called on worker threads; must be quick and must not
 * throw.
 */
public interface JobObserver {
  default void started(Job job) {}

  default void progressed(Job job) {}

  default void finished(Job job) {}

  JobObserver NONE = new JobObserver() {};
}
