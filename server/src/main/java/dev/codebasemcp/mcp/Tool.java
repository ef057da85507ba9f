package dev.codebasemcp.mcp;

import io.modelcontextprotocol.server.McpSyncServerExchange;
import java.util.Map;
import java.util.Set;

/**
 * One MCP tool: its name, what it is for, its input and output JSON schemas, and its handler.
 * Immutable.
 *
 * @param name the tool's name
 * @param description what it does, for the assistant choosing tools
 * @param inputSchema JSON schema of its arguments
 * @param outputSchema JSON schema of its structured result
 * @param handler does the call
 */
record Tool(
    String name, String description, String inputSchema, String outputSchema, Handler handler) {

  /** A tool's work: returns the structured result and a one-line summary, or throws. */
  @FunctionalInterface
  interface Handler {
    Output call(ToolArguments arguments, McpSyncServerExchange exchange);
  }

  /** What a call came to. */
  record Output(Map<String, Object> structured, String summary) {}

  /** The argument names its input schema declares. */
  Set<String> argumentNames() {
    return Schemas.propertyNames(inputSchema);
  }
}
