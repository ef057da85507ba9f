package dev.codebasemcp.mcp;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A tool call's arguments, read with readable errors: a missing, mistyped or out-of-range argument,
 * or one the tool does not know, becomes a {@link ToolFailure} naming it, what it must be and what
 * was sent. Not thread-safe (one per call).
 */
final class ToolArguments {
  private final String tool;
  private final Map<String, Object> values;
  private final Map<String, Object> meta;

  ToolArguments(
      String tool, Map<String, Object> values, Map<String, Object> meta, Set<String> known) {
    this.tool = tool;
    this.values = values == null ? Map.of() : values;
    this.meta = meta == null ? Map.of() : meta;
    for (String name : this.values.keySet()) {
      if (!known.contains(name)) {
        throw new ToolFailure(
            known.isEmpty()
                ? "%s takes no arguments: got '%s'".formatted(tool, name)
                : "%s has no argument '%s'; its arguments are: %s"
                    .formatted(tool, name, String.join(", ", new TreeSet<>(known))));
      }
    }
  }

  /** The request's progress token (a string or a number), or null when the client sent none. */
  Object progressToken() {
    Object token = meta.get("progressToken");
    return token instanceof String || token instanceof Number ? token : null;
  }

  Optional<String> string(String name) {
    Object value = values.get(name);
    if (value == null) {
      return Optional.empty();
    }
    if (!(value instanceof String s)) {
      throw new ToolFailure("%s must be a string: got %s".formatted(name, describe(value)));
    }
    return Optional.of(s);
  }

  String requiredString(String name) {
    String value =
        string(name).orElseThrow(() -> new ToolFailure(tool + " needs the argument " + name));
    if (value.isBlank()) {
      throw new ToolFailure(name + " must not be empty");
    }
    return value;
  }

  boolean bool(String name, boolean fallback) {
    Object value = values.get(name);
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof Boolean b)) {
      throw new ToolFailure("%s must be true or false: got %s".formatted(name, describe(value)));
    }
    return b;
  }

  int integer(String name, int fallback, int min, int max) {
    Object value = values.get(name);
    if (value == null) {
      return fallback;
    }
    long n;
    if (value instanceof Integer || value instanceof Long || value instanceof Short) {
      n = ((Number) value).longValue();
    } else if (value instanceof Number number
        && number.doubleValue() == Math.rint(number.doubleValue())
        && !Double.isInfinite(number.doubleValue())) {
      n = (long) number.doubleValue();
    } else {
      throw new ToolFailure(
          "%s must be a whole number from %d to %d: got %s"
              .formatted(name, min, max, describe(value)));
    }
    if (n < min || n > max) {
      throw new ToolFailure("%s must be from %d to %d: got %d".formatted(name, min, max, n));
    }
    return (int) n;
  }

  private static String describe(Object value) {
    String text =
        switch (value) {
          case String s -> "\"" + s + "\"";
          case Map<?, ?> m -> "an object";
          case List<?> l -> "an array";
          default -> String.valueOf(value);
        };
    return text.length() > 80 ? text.substring(0, 77) + "..." : text;
  }
}
