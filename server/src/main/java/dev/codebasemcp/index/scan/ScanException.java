package dev.codebasemcp.index.scan;

import dev.codebasemcp.CodebaseMcpException;

/**
 * A repository that cannot be scanned at all (its root is missing, not a directory, or cannot be
 * listed). Problems below the root never throw: they are skipped entries with a reason.
 */
public class ScanException extends CodebaseMcpException {
  private static final long serialVersionUID = 1L;

  public ScanException(String message) {
    super(message);
  }

  public ScanException(String message, Throwable cause) {
    super(message, cause);
  }
}
