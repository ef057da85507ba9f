package dev.codebasemcp.index.scan;

/**
 * Why a file under a repository is not indexed. Every skipped file has one, and the counts per
 * reason are reported, so an index can never be silently incomplete.
 */
public enum SkipReason {
  /** Matched .gitignore, .git/info/exclude, .codebase-mcp-ignore or the built-in defaults. */
  IGNORED("ignored"),
  /** Has a NUL byte in its first 8 KiB. */
  BINARY("binary"),
  /** Larger than the size limit. */
  TOO_LARGE("too large"),
  /** Cannot be read (permissions, vanished while scanning, I/O error). */
  UNREADABLE("unreadable"),
  /** Not valid UTF-8. */
  UNDECODABLE("undecodable"),
  /** A symbolic link leading out of the repository or into a loop. */
  SYMLINK("symlink");

  private final String label;

  SkipReason(String label) {
    this.label = label;
  }

  /** The reason in words, as job statuses and summaries show it. */
  public String label() {
    return label;
  }
}
