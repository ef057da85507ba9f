package dev.codebasemcp;

/**
 * The root of codebase-mcp's own failures: unchecked, with a message a user can act on (what went
 * wrong, with the ids, paths and counts involved, and what to do). Subclasses tell the areas apart;
 * {@code SQLException}s and {@code IOException}s are wrapped into them at the boundary.
 */
public class CodebaseMcpException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CodebaseMcpException(String message) {
    super(message);
  }

  public CodebaseMcpException(String message, Throwable cause) {
    super(message, cause);
  }
}
