package dev.codebasemcp.schema;

/**
 * The two families of migrations codebase-mcp applies: the registry, once per database, and the
 * code index, once per workspace schema. Each versioned script {@code V<n>__<name>.sql} under
 * {@code db/migration/<set>/} ships its inverse {@code U<n>__<name>.sql} under {@code
 * db/undo/<set>/}, a location Flyway never scans.
 */
public enum MigrationSet {
  /** Schema {@code project_registry}: workspaces and indexing jobs. */
  REGISTRY("registry"),
  /** One schema per workspace: repositories, files and chunks with their embeddings. */
  WORKSPACE("workspace");

  private final String directory;

  MigrationSet(String directory) {
    this.directory = directory;
  }

  /** Classpath directory of the versioned scripts, as Flyway's location syntax wants it. */
  String flywayLocation() {
    return "classpath:" + migrationDirectory();
  }

  /** Classpath directory (no leading slash) of the versioned scripts. */
  public String migrationDirectory() {
    return "db/migration/" + directory;
  }

  /** Classpath directory (no leading slash) of the inverse scripts. */
  public String undoDirectory() {
    return "db/undo/" + directory;
  }

  /** The inverse script's resource path for a versioned script file name such as V2__jobs.sql. */
  public String undoResource(String versionedScript) {
    if (!versionedScript.startsWith("V")) {
      throw new IllegalArgumentException("not a versioned migration script: " + versionedScript);
    }
    return undoDirectory() + "/U" + versionedScript.substring(1);
  }
}
