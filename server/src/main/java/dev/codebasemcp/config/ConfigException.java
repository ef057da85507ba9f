package dev.codebasemcp.config;

import dev.codebasemcp.CodebaseMcpException;

/** A setting that is missing, malformed or out of range; the message names the variable. */
public class ConfigException extends CodebaseMcpException {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }
}
