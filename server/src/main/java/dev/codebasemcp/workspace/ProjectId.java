package dev.codebasemcp.workspace;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A workspace's id: lowercase letters, digits and single hyphens, 1-50 characters, no leading,
 * trailing or double hyphen ({@code default}, {@code my-project}, {@code test-2025-q1}). The
 * database enforces the same rule with CHECK constraints; this is the layer with the readable
 * message.
 *
 * <p>The workspace's PostgreSQL schema name is derived from it deterministically: {@code
 * workspace_} followed by the id with hyphens as underscores. Ids cannot contain underscores, so no
 * two ids share a schema, and the result is always a plain lowercase identifier of at most 60
 * characters.
 *
 * @param value the validated id
 */
public record ProjectId(String value) {
  public static final int MAX_LENGTH = 50;
  public static final String SCHEMA_PREFIX = "workspace_";

  // Initialised before DEFAULT, whose construction validates against it.
  private static final Pattern RULE = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

  /** The workspace used when a tool call names none. */
  public static final ProjectId DEFAULT = new ProjectId("default");

  public ProjectId {
    validate(value);
  }

  /** Parses a user-supplied id, throwing {@link InvalidProjectIdException} with the reason. */
  public static ProjectId of(String value) {
    return new ProjectId(value);
  }

  /** The PostgreSQL schema holding this workspace's index. */
  public String schemaName() {
    return SCHEMA_PREFIX + value.replace('-', '_');
  }

  @Override
  public String toString() {
    return value;
  }

  private static void validate(String value) {
    if (value == null || value.isEmpty()) {
      throw invalid("project_id must not be empty");
    }
    if (value.length() > MAX_LENGTH) {
      throw invalid(
          "project_id must be at most %d characters: got %d (%s)"
              .formatted(MAX_LENGTH, value.length(), quote(value)));
    }
    if (RULE.matcher(value).matches()) {
      return;
    }
    String lower = value.toLowerCase(Locale.ROOT);
    if (!lower.equals(value) && RULE.matcher(lower).matches()) {
      throw invalid(
          "project_id must be lowercase: got %s (try %s)".formatted(quote(value), quote(lower)));
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean allowed = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
      if (!allowed) {
        throw invalid(
            "project_id may contain only lowercase letters, digits and single hyphens: got %s (%s at position %d)"
                .formatted(quote(value), describe(c), i + 1));
      }
    }
    if (value.startsWith("-") || value.endsWith("-")) {
      throw invalid("project_id must not start or end with a hyphen: got " + quote(value));
    }
    throw invalid("project_id must not contain two hyphens in a row: got " + quote(value));
  }

  private static String describe(char c) {
    if (c == ' ') {
      return "a space";
    }
    if (Character.isISOControl(c) || Character.isWhitespace(c)) {
      return "control character U+%04X".formatted((int) c);
    }
    return "'" + c + "'";
  }

  /** The value as it may be echoed in a message: quoted, control characters escaped, shortened. */
  private static String quote(String value) {
    StringBuilder out = new StringBuilder("'");
    int shown = Math.min(value.length(), 60);
    for (int i = 0; i < shown; i++) {
      char c = value.charAt(i);
      out.append(Character.isISOControl(c) ? "\\u%04x".formatted((int) c) : String.valueOf(c));
    }
    return out.append(value.length() > shown ? "...'" : "'").toString();
  }

  private static InvalidProjectIdException invalid(String message) {
    return new InvalidProjectIdException(message);
  }
}
