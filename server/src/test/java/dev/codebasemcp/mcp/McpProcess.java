package dev.codebasemcp.mcp;

import dev.codebasemcp.db.DatabaseUrl;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The real server in a child process ({@code Main} with no arguments), driven over stdio with raw
 * JSON-RPC lines as an MCP client would. Every stdout line must be a JSON-RPC message: anything
 * else is recorded as a protocol violation. Thread-safe.
 */
final class McpProcess implements AutoCloseable {
  static final JsonMapper JSON = JsonMapper.builder().build();
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private final Process process;
  private final OutputStream stdin;
  private final Path stderr;
  private final Map<Object, CompletableFuture<Map<String, Object>>> pending =
      new ConcurrentHashMap<>();
  private final List<Map<String, Object>> notifications = new CopyOnWriteArrayList<>();
  private final List<Map<String, Object>> unsolicited = new CopyOnWriteArrayList<>();
  private final List<String> violations = new CopyOnWriteArrayList<>();
  private final AtomicLong ids = new AtomicLong(1000);
  private volatile List<String> roots = List.of();

  private McpProcess(Process process, Path stderr) {
    this.process = process;
    this.stdin = process.getOutputStream();
    this.stderr = stderr;
    Thread.ofVirtual().start(this::readLoop);
  }

  /** The database URL a child process is given, credentials included. */
  static String childUrl(DatabaseUrl url) {
    StringBuilder s = new StringBuilder(url.jdbcUrl());
    if (url.user() != null) {
      s.append(url.jdbcUrl().contains("?") ? '&' : '?')
          .append("user=")
          .append(URLEncoder.encode(url.user(), StandardCharsets.UTF_8));
      if (url.password() != null) {
        s.append("&password=").append(URLEncoder.encode(url.password(), StandardCharsets.UTF_8));
      }
    }
    return s.toString();
  }

  static McpProcess start(DatabaseUrl database, Path home, Map<String, String> env)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("-Xmx512m");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("dev.codebasemcp.Main");
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().keySet().removeIf(k -> k.startsWith("CODEBASE_MCP_"));
    builder.environment().put("CODEBASE_MCP_DATABASE_URL", childUrl(database));
    builder.environment().put("CODEBASE_MCP_HOME", home.toString());
    builder.environment().putAll(env);
    Path err = Files.createTempFile("mcp-server", ".err");
    builder.redirectError(err.toFile());
    return new McpProcess(builder.start(), err);
  }

  private void readLoop() {
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        Map<String, Object> message;
        try {
          message = JSON.readValue(line, MAP);
        } catch (RuntimeException e) {
          violations.add(line);
          continue;
        }
        if (!"2.0".equals(message.get("jsonrpc"))) {
          violations.add(line);
        }
        if (message.containsKey("method")) {
          if (message.containsKey("id")) {
            answerServerRequest(message);
          } else {
            notifications.add(message);
          }
          continue;
        }
        Object id = message.get("id");
        CompletableFuture<Map<String, Object>> waiter =
            id == null ? null : pending.remove(normalise(id));
        if (waiter != null) {
          waiter.complete(message);
        } else {
          unsolicited.add(message);
        }
      }
    } catch (IOException e) {
      // The process ended.
    } finally {
      pending.values().forEach(f -> f.completeExceptionally(new IOException("server exited")));
    }
  }

  /** The server asks the client: roots/list is answered with {@link #roots(List)}. */
  private void answerServerRequest(Map<String, Object> request) {
    Map<String, Object> response = new LinkedHashMap<>();
    response.put("jsonrpc", "2.0");
    response.put("id", request.get("id"));
    if ("roots/list".equals(request.get("method"))) {
      List<Map<String, Object>> list = new ArrayList<>();
      for (String uri : roots) {
        list.add(Map.of("uri", uri, "name", uri.substring(uri.lastIndexOf('/') + 1)));
      }
      response.put("result", Map.of("roots", list));
    } else {
      response.put("error", Map.of("code", -32601, "message", "Method not found"));
    }
    sendLine(JSON.writeValueAsString(response));
  }

  /** The roots this client exposes (file URIs). */
  void roots(List<String> uris) {
    roots = List.copyOf(uris);
  }

  private static Object normalise(Object id) {
    return id instanceof Number n ? (Object) n.longValue() : id;
  }

  /** Sends a request and waits for its response (30 s at most). */
  Map<String, Object> request(String method, Object params) {
    long id = ids.incrementAndGet();
    CompletableFuture<Map<String, Object>> response = new CompletableFuture<>();
    pending.put(id, response);
    Map<String, Object> message = new LinkedHashMap<>();
    message.put("jsonrpc", "2.0");
    message.put("id", id);
    message.put("method", method);
    if (params != null) {
      message.put("params", params);
    }
    sendLine(JSON.writeValueAsString(message));
    try {
      return response.get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(
          "no response to " + method + " within 30 s; stderr:\n" + stderrText(), e);
    }
  }

  void notify(String method) {
    sendLine("{\"jsonrpc\":\"2.0\",\"method\":\"" + method + "\"}");
  }

  /** Writes one raw line (fuzzing). */
  synchronized void sendLine(String line) {
    try {
      stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
      stdin.flush();
    } catch (IOException e) {
      throw new AssertionError("the server's stdin is closed; stderr:\n" + stderrText(), e);
    }
  }

  /** The next response that no request of ours waits for (answers to raw lines), or null. */
  Map<String, Object> awaitUnsolicited(int count, long timeoutMillis) throws InterruptedException {
    long end = System.currentTimeMillis() + timeoutMillis;
    while (unsolicited.size() < count && System.currentTimeMillis() < end) {
      Thread.sleep(20);
    }
    return unsolicited.size() >= count ? unsolicited.get(count - 1) : null;
  }

  Map<String, Object> initialize(Map<String, Object> capabilities) {
    Map<String, Object> result =
        result(
            request(
                "initialize",
                Map.of(
                    "protocolVersion",
                    "2025-06-18",
                    "capabilities",
                    capabilities,
                    "clientInfo",
                    Map.of("name", "test-client", "version", "1"))));
    notify("notifications/initialized");
    return result;
  }

  Map<String, Object> initialize() {
    return initialize(Map.of());
  }

  /** A tool call's result (successful or isError), failing on a protocol error. */
  Map<String, Object> call(String tool, Map<String, Object> arguments) {
    return result(request("tools/call", Map.of("name", tool, "arguments", arguments)));
  }

  Map<String, Object> callWithToken(String tool, Map<String, Object> arguments, Object token) {
    return result(
        request(
            "tools/call",
            Map.of("name", tool, "arguments", arguments, "_meta", Map.of("progressToken", token))));
  }

  /** A successful call's structuredContent. */
  @SuppressWarnings("unchecked")
  Map<String, Object> ok(String tool, Map<String, Object> arguments) {
    Map<String, Object> result = call(tool, arguments);
    if (Boolean.TRUE.equals(result.get("isError"))) {
      throw new AssertionError(tool + " failed: " + text(result));
    }
    return (Map<String, Object>) result.get("structuredContent");
  }

  /** A failed call's message. */
  String error(String tool, Map<String, Object> arguments) {
    Map<String, Object> result = call(tool, arguments);
    if (!Boolean.TRUE.equals(result.get("isError"))) {
      throw new AssertionError(tool + " should have failed: " + result);
    }
    return text(result);
  }

  @SuppressWarnings("unchecked")
  static String text(Map<String, Object> result) {
    List<Map<String, Object>> content = (List<Map<String, Object>>) result.get("content");
    return (String) content.get(0).get("text");
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> result(Map<String, Object> response) {
    if (response.containsKey("error")) {
      throw new AssertionError("protocol error: " + response.get("error"));
    }
    return (Map<String, Object>) response.get("result");
  }

  /** Waits up to 10 s for a notification that {@code wanted} accepts. */
  boolean awaitNotification(java.util.function.Predicate<Map<String, Object>> wanted)
      throws InterruptedException {
    long end = System.currentTimeMillis() + 10_000;
    while (System.currentTimeMillis() < end) {
      if (notifications.stream().anyMatch(wanted)) {
        return true;
      }
      Thread.sleep(20);
    }
    return false;
  }

  List<Map<String, Object>> notifications() {
    return notifications;
  }

  List<String> violations() {
    return violations;
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  String stderrText() {
    try {
      return Files.readString(stderr);
    } catch (IOException e) {
      return "(stderr unreadable: " + e + ")";
    }
  }

  /** SIGKILL: no shutdown of any kind. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  /** SIGTERM, and waits for the orderly exit. */
  int terminate() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("the server did not exit within 60 s of SIGTERM");
    }
    return process.exitValue();
  }

  /** Closes stdin (the client went away) and waits for the orderly exit. */
  int closeInput() throws IOException, InterruptedException {
    stdin.close();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("the server did not exit within 60 s of stdin closing");
    }
    return process.exitValue();
  }

  @Override
  public void close() throws IOException {
    if (process.isAlive()) {
      try {
        closeInput();
      } catch (AssertionError | IOException e) {
        process.destroyForcibly();
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
    Files.deleteIfExists(stderr);
  }
}
