package dev.codebasemcp.jobs;

import dev.codebasemcp.CodebaseMcpException;

/** A job operation that cannot be done; the message says why and what to do. */
public class JobException extends CodebaseMcpException {
  private static final long serialVersionUID = 1L;

  public JobException(String message) {
    super(message);
  }

  public JobException(String message, Throwable cause) {
    super(message, cause);
  }
}
