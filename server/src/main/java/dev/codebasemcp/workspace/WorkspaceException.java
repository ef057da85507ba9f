package dev.codebasemcp.workspace;

import dev.codebasemcp.CodebaseMcpException;

/** A workspace that does not exist, or cannot be created as asked; the message says why. */
public class WorkspaceException extends CodebaseMcpException {
  private static final long serialVersionUID = 1L;

  public WorkspaceException(String message) {
    super(message);
  }
}
