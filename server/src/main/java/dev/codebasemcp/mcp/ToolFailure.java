package dev.codebasemcp.mcp;

/**
 * A tool call that cannot be done as asked: becomes a result with {@code isError: true} whose text
 * is this message, a sentence saying what to fix. Never a protocol error, never a stack trace.
 */
final class ToolFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  ToolFailure(String message) {
    super(message, null, false, false);
  }
}
