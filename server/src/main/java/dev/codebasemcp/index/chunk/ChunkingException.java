package dev.codebasemcp.index.chunk;

import dev.codebasemcp.CodebaseMcpException;

/**
 * The chunker cannot work at all (a grammar the runtime refuses). Content never causes it: a file
 * that does not parse is cut into line windows instead.
 */
public class ChunkingException extends CodebaseMcpException {
  private static final long serialVersionUID = 1L;

  public ChunkingException(String message) {
    super(message);
  }
}
