package dev.codebasemcp.index;

import dev.codebasemcp.CodebaseMcpException;

/**
 * An indexing run stopped because it was cancelled. What it had committed stays, consistent: whole
 * files with all their chunks.
 */
public class IndexCancelledException extends CodebaseMcpException {
  private static final long serialVersionUID = 1L;

  public IndexCancelledException(String message) {
    super(message);
  }
}
