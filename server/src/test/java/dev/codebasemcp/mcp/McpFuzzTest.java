package dev.codebasemcp.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Throws generated malformed tool arguments and garbage protocol lines at the real server: it must
 * answer every request (a tool error or a JSON-RPC error, never silence), print nothing but
 * protocol on stdout, and stay up.
 */
@Timeout(300)
class McpFuzzTest {
  private static final List<String> NAMES =
      List.of(
          "project_id",
          "repo_path",
          "query",
          "limit",
          "job_id",
          "status",
          "language",
          "path",
          "force_reindex",
          "description",
          "repository",
          "extension",
          "exclude_path",
          "x",
          "");

  @TempDir Path tmp;

  @Test
  void survivesAThousandMalformedCallsAndGarbageLines() throws Exception {
    Random random = new Random(20261122);
    try (McpFixture f = new McpFixture(tmp.resolve("home"));
        McpProcess mcp = f.server()) {
      int toolErrors = 0;
      for (int i = 0; i < 1000; i++) {
        Map<String, Object> arguments = new LinkedHashMap<>();
        int count = random.nextInt(4);
        for (int k = 0; k < count; k++) {
          arguments.put(NAMES.get(random.nextInt(NAMES.size())), value(random));
        }
        String tool =
            random.nextInt(20) == 0
                ? "tool_" + random.nextInt(100)
                : McpFixture.TOOLS.get(random.nextInt(McpFixture.TOOLS.size()));
        Map<String, Object> response =
            mcp.request("tools/call", Map.of("name", tool, "arguments", arguments));
        assertTrue(
            response.containsKey("result") || response.containsKey("error"), response.toString());
        if (response.get("result") instanceof Map<?, ?> result
            && Boolean.TRUE.equals(result.get("isError"))) {
          toolErrors++;
          String text = McpProcess.text(castMap(result));
          assertTrue(!text.isBlank() && !text.contains("\tat "), "no stack trace: " + text);
        }
      }
      assertTrue(toolErrors > 500, "most generated calls are wrong: " + toolErrors);

      List<String> garbage = new ArrayList<>();
      garbage.add("not json at all");
      garbage.add("{");
      garbage.add("[]");
      garbage.add("[1, 2, 3]");
      garbage.add("{}");
      garbage.add("null");
      garbage.add("42");
      garbage.add("{\"jsonrpc\":\"2.0\",\"id\":5}");
      garbage.add("{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":7}");
      garbage.add("{\"jsonrpc\":\"1.0\",\"id\":8,\"method\":\"tools/list\",\"params\":[]}");
      for (int i = 0; i < 40; i++) {
        StringBuilder s = new StringBuilder();
        int length = 1 + random.nextInt(200);
        for (int c = 0; c < length; c++) {
          s.append((char) (32 + random.nextInt(95)));
        }
        garbage.add(s.toString());
      }
      for (String line : garbage) {
        mcp.sendLine(line);
      }
      // Each line gets an answer (or, for a stray response, none); then the server still works.
      Map<String, Object> last = mcp.awaitUnsolicited(garbage.size() - 3, 10_000);
      assertNotNull(last, "answers to garbage lines");
      Map<String, Object> tools = mcp.request("tools/list", Map.of());
      assertTrue(tools.containsKey("result"));
      assertTrue(mcp.isAlive());
      assertEquals(List.of(), mcp.violations());
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> castMap(Map<?, ?> map) {
    return (Map<String, Object>) map;
  }

  private static Object value(Random random) {
    return switch (random.nextInt(14)) {
      case 0 -> null;
      case 1 -> random.nextInt(200) - 100;
      case 2 -> random.nextDouble() * 1e6;
      case 3 -> random.nextBoolean();
      case 4 -> "";
      case 5 -> "../../../etc/passwd";
      case 6 -> "'; DROP TABLE indexing_jobs;--";
      case 7 -> List.of(1, "two", Map.of());
      case 8 -> Map.of("nested", List.of());
      case 9 -> "x".repeat(random.nextInt(5000));
      case 10 -> "3f2b8c1e-5d4a-4e7b-9c1d-2a6f8e0b7d35";
      case 11 -> "/tmp";
      case 12 -> Long.MAX_VALUE;
      default -> "My-Project\u0000\uD83D\uDE00";
    };
  }
}
