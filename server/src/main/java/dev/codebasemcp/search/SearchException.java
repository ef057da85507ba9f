package dev.codebasemcp.search;

import dev.codebasemcp.CodebaseMcpException;

/** A search request that cannot be run as given; the message says what to fix. */
public class SearchException extends CodebaseMcpException {
  private static final long serialVersionUID = 1L;

  public SearchException(String message) {
    super(message);
  }
}
