package dev.codebasemcp.db;

import dev.codebasemcp.CodebaseMcpException;

/**
 * The database cannot be reached, started, or used: the message says which database (never its
 * password), what failed and what to do.
 */
public class DatabaseException extends CodebaseMcpException {
  private static final long serialVersionUID = 1L;

  public DatabaseException(String message) {
    super(message);
  }

  public DatabaseException(String message, Throwable cause) {
    super(message, cause);
  }
}
