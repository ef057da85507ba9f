package dev.codebasemcp.index;

import static dev.codebasemcp.EngineFixture.write;

import java.io.IOException;
import java.nio.file.Path;

/** A small repository with code in a few languages and files of every skip reason. */
public final class Fixtures {
  private Fixtures() {}

  public static final String STRING_UTILS =
      """
      package demo.text;

      /** Small helpers for strings. */
      public final class StringUtils {
        private StringUtils() {}

        /** Returns the characters of {@code s} in reverse order. */
        public static String reverse(String s) {
          return new StringBuilder(s).reverse().toString();
        }

        /** Whether {@code s} reads the same backwards. */
        public static boolean isPalindrome(String s) {
          String lower = s.toLowerCase();
          return lower.equals(reverse(lower));
        }
      }
      """;

  public static final String DATES =
      """
      import datetime


      def parse_iso_date(text):
          \"\"\"Parse an ISO-8601 date such as 2024-05-17 into a date object.\"\"\"
          return datetime.date.fromisoformat(text.strip())


      def days_between(start, end):
          \"\"\"Number of days from start to end.\"\"\"
          return (end - start).days
      """;

  public static final String HTTP =
      """
      export async function fetchJson(url, timeoutMs = 5000) {
        const controller = new AbortController();
        const timer = setTimeout(() => controller.abort(), timeoutMs);
        try {
          const response = await fetch(url, { signal: controller.signal });
          if (!response.ok) throw new Error(`HTTP ${response.status}`);
          return await response.json();
        } finally {
          clearTimeout(timer);
        }
      }
      """;

  public static void repository(Path root) throws IOException {
    write(root, "src/main/java/demo/text/StringUtils.java", STRING_UTILS);
    write(root, "scripts/dates.py", DATES);
    write(root, "web/http.js", HTTP);
    write(root, "README.md", "# Demo\n\nA demo repository with string, date and HTTP helpers.\n");
    write(root, ".gitignore", "generated/\n*.log\n");
    write(root, "generated/Big.java", "class Big {}\n");
    write(root, "debug.log", "log line\n");
    write(root, "node_modules/lib/index.js", "module.exports = 1;\n");
    java.nio.file.Files.write(root.resolve("image.dat"), new byte[] {1, 0, 2, 0, 3});
    java.nio.file.Files.write(
        root.resolve("latin1.txt"), new byte[] {'c', 'a', 'f', (byte) 0xE9, '\n'});
  }
}
