package dev.codebasemcp.workspace;

import dev.codebasemcp.CodebaseMcpException;

/** A project id that breaks the project id rule; the message says which part and how to fix it. */
public class InvalidProjectIdException extends CodebaseMcpException {
  private static final long serialVersionUID = 1L;

  public InvalidProjectIdException(String message) {
    super(message);
  }
}
