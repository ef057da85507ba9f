package dev.codebasemcp.cli;

import dev.codebasemcp.Main.UsageException;
import java.util.List;

/** Small helpers for parsing command-line options. Stateless. */
final class Arguments {
  private Arguments() {}

  /** The value after an option such as {@code --project}, or a usage error naming the option. */
  static String value(List<String> args, int index, String option) {
    if (index >= args.size() || args.get(index).startsWith("--")) {
      throw new UsageException(option + " needs a value");
    }
    return args.get(index);
  }

  /** A whole number option within a range. */
  static int integer(String value, String option, int min, int max) {
    try {
      int n = Integer.parseInt(value);
      if (n < min || n > max) {
        throw new UsageException(option + " must be between " + min + " and " + max + ": got " + n);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new UsageException(option + " must be a whole number: got '" + value + "'");
    }
  }
}
