package dev.codebasemcp.index.scan;

/**
 * Why a file under a repository is not indexed. Every skipped file has one, and the counts per
 * reason are reported, so an index can never be silently incomplete.
 */
public enum SkipReason {
  /**
   * Matched .gitignore, .git/info/exclude, .codebase-mcp-ignore or the built-in defaults. An
   * ignored directory is pruned unread and counts as one entry.
   */
  IGNORED("ignored"),
  /** Has a NUL byte in its first 8 KiB. */
  BINARY("binary"),
  /** Larger than the size limit. */
  TOO_LARGE("too large"),
  /**
   * Cannot be read (permissions, vanished while scanning, I/O error). Also sockets, FIFOs and
   * devices, which are never opened.
   */
  UNREADABLE("unreadable"),
  /** Not valid UTF-8. */
  UNDECODABLE("undecodable"),
  /**
   * A symbolic link leading out of the repository or into a loop. Also a dangling link, a link into
   * .git, and a link to a directory (never followed, so nothing is indexed twice).
   */
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
