package dev.codebasemcp.embed;

import dev.codebasemcp.CodebaseMcpException;

/**
 * A text could not be embedded: the model failed to load or run, or a remote endpoint refused,
 * failed or answered with something unusable. The message names the endpoint, the model, the HTTP
 * status and the server's own error text where there is one, and never an API key.
 */
public class EmbeddingException extends CodebaseMcpException {
  private static final long serialVersionUID = 1L;

  public EmbeddingException(String message) {
    super(message);
  }

  public EmbeddingException(String message, Throwable cause) {
    super(message, cause);
  }
}
