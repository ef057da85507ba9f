package dev.codebasemcp.index;

/**
 * Receives an indexing run's progress: at most every 250 ms while it runs, and once at the end.
 * Called from the run's thread; implementations must be quick (write a row, redraw a bar).
 */
@FunctionalInterface
public interface IndexListener {
  void onProgress(IndexProgress progress);

  IndexListener NONE = progress -> {};
}
