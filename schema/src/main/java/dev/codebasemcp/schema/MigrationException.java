package dev.codebasemcp.schema;

/**
 * A migration or rollback that could not be carried out. The message names the schema, the versions
 * involved and what to do; the cause keeps the database's own error.
 */
public class MigrationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public MigrationException(String message) {
    super(message);
  }

  public MigrationException(String message, Throwable cause) {
    super(message, cause);
  }
}
