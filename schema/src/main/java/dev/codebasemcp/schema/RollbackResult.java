package dev.codebasemcp.schema;

import java.util.List;

/**
 * What one rollback did to one schema.
 *
 * @param schema the PostgreSQL schema rolled back
 * @param fromVersion the version before
 * @param toVersion the version after ("0": nothing applied)
 * @param undone the versions whose inverse scripts ran, newest first
 */
public record RollbackResult(
    String schema, String fromVersion, String toVersion, List<String> undone) {
  public RollbackResult {
    undone = List.copyOf(undone);
  }
}
