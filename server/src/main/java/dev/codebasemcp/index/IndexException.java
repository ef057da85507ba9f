package dev.codebasemcp.index;

import dev.codebasemcp.CodebaseMcpException;

/** An indexing run that cannot go on (repository gone, database lost); the message says why. */
public class IndexException extends CodebaseMcpException {
  private static final long serialVersionUID = 1L;

  public IndexException(String message) {
    super(message);
  }

  public IndexException(String message, Throwable cause) {
    super(message, cause);
  }
}
