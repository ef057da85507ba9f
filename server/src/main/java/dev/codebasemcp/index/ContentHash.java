package dev.codebasemcp.index;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256 of text, as the index keys chunk texts and their vectors by it. Stateless. */
public final class ContentHash {
  private ContentHash() {}

  /** SHA-256 of the UTF-8 bytes of {@code text}. */
  public static byte[] of(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
