package dev.codebasemcp.index;

/** Where an indexing run is: files become searchable by keyword first, by meaning afterwards. */
public enum IndexPhase {
  /** Walking the repository and reading, chunking and storing new and changed files. */
  CHUNKING("chunking"),
  /** Computing vectors for chunks that have none (keyword search already works). */
  EMBEDDING("embedding"),
  /** Finished. */
  DONE("done");

  private final String label;

  IndexPhase(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
