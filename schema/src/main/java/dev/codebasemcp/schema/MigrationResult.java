package dev.codebasemcp.schema;

/**
 * What one migrate call did to one schema.
 *
 * @param schema the PostgreSQL schema migrated
 * @param fromVersion the version before, or "0" for an empty schema
 * @param toVersion the version after
 * @param migrationsApplied how many versioned scripts ran (0 when already up to date)
 */
public record MigrationResult(
    String schema, String fromVersion, String toVersion, int migrationsApplied) {}
