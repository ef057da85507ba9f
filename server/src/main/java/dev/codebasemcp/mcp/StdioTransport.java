package dev.codebasemcp.mcp;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCMessage;
import io.modelcontextprotocol.spec.McpServerSession;
import io.modelcontextprotocol.spec.McpServerTransport;
import io.modelcontextprotocol.spec.McpServerTransportProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * MCP over stdio (<a
 * href="https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#stdio">spec</a>):
 * one JSON-RPC message per line in, one per line out. Unlike the SDK's own stdio provider, a line
 * that is not JSON, or not a JSON-RPC message, is answered with the JSON-RPC error the
 * specification asks for (-32700 parse error, -32600 invalid request) and the session goes on. The
 * streams are parameters, so tests drive it in memory. Thread-safe.
 */
public final class StdioTransport implements McpServerTransportProvider {
  private static final Logger log = LoggerFactory.getLogger(StdioTransport.class);

  /** Longer lines are answered with an error and skipped, not buffered. */
  static final int MAX_LINE_CHARS = 16 * 1024 * 1024;

  private final McpJsonMapper mapper;
  private final InputStream in;
  private final OutputStream out;
  private final JsonMapper json = JsonMapper.builder().build();
  private final CompletableFuture<Void> inputClosed = new CompletableFuture<>();
  private final AtomicBoolean closing = new AtomicBoolean();
  private volatile McpServerSession session;

  public StdioTransport(McpJsonMapper mapper, InputStream in, OutputStream out) {
    this.mapper = mapper;
    this.in = in;
    this.out = out;
  }

  /** Completes when the client closes stdin (or reading it fails): time to shut down. */
  public CompletableFuture<Void> inputClosed() {
    return inputClosed;
  }

  @Override
  public void setSessionFactory(McpServerSession.Factory factory) {
    session = factory.create(new SessionTransport());
    Thread.ofPlatform().daemon().name("mcp-stdin").start(this::readLoop);
  }

  private void readLoop() {
    try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
      LineReader lines = new LineReader(reader);
      while (!closing.get()) {
        String line = readLine(lines);
        if (line == null) {
          break;
        }
        if (!line.isBlank()) {
          receive(line);
        }
      }
    } catch (IOException e) {
      if (!closing.get()) {
        log.warn("Reading stdin failed: {}", e.getMessage());
      }
    } finally {
      inputClosed.complete(null);
    }
  }

  /** A line without its terminator; null at end of input; "" plus an error for an oversize one. */
  private String readLine(LineReader reader) throws IOException {
    String line = reader.next();
    if (reader.lastWasTooLong()) {
      writeError(null, McpSchema.ErrorCodes.INVALID_REQUEST, "Message longer than 16 MiB: ignored");
      return "";
    }
    return line;
  }

  /**
   * Splits input into lines through a buffer of its own (a char at a time through the reader cost
   * more than parsing the message), dropping the content of lines over {@link #MAX_LINE_CHARS}
   * instead of buffering it. Not thread-safe.
   */
  static final class LineReader {
    private final Reader reader;
    private final char[] buffer = new char[8192];
    private int position;
    private int limit;
    private boolean lastWasTooLong;

    LineReader(Reader reader) {
      this.reader = reader;
    }

    /** Whether the line {@link #next} returned last was over the limit (and is returned empty). */
    boolean lastWasTooLong() {
      return lastWasTooLong;
    }

    /** The next line without its line feed (or carriage return and line feed); null at the end. */
    String next() throws IOException {
      lastWasTooLong = false;
      StringBuilder line = new StringBuilder();
      boolean tooLong = false;
      boolean sawAny = false;
      while (true) {
        if (position == limit) {
          int read = reader.read(buffer, 0, buffer.length);
          if (read == -1) {
            if (!sawAny) {
              return null;
            }
            break; // a last line without a terminator
          }
          position = 0;
          limit = read;
        }
        sawAny = true;
        int newline = -1;
        for (int i = position; i < limit; i++) {
          if (buffer[i] == '\n') {
            newline = i;
            break;
          }
        }
        int end = newline < 0 ? limit : newline;
        if (!tooLong) {
          if (line.length() + (end - position) > MAX_LINE_CHARS) {
            tooLong = true;
            line.setLength(0);
          } else {
            line.append(buffer, position, end - position);
          }
        }
        position = newline < 0 ? limit : newline + 1;
        if (newline >= 0) {
          break;
        }
      }
      if (tooLong) {
        lastWasTooLong = true;
        return "";
      }
      int end = line.length();
      if (end > 0 && line.charAt(end - 1) == '\r') {
        line.setLength(end - 1);
      }
      return line.toString();
    }
  }

  private void receive(String line) {
    JSONRPCMessage message;
    try {
      message = McpSchema.deserializeJsonRpcMessage(mapper, line);
    } catch (Exception e) {
      answerMalformed(line);
      return;
    }
    McpServerSession s = session;
    s.handle(message)
        .onErrorResume(
            e -> {
              log.warn("Could not handle a message: {}", e.getMessage());
              log.debug("Details", e);
              return Mono.empty();
            })
        .subscribe();
  }

  private void answerMalformed(String line) {
    JsonNode tree;
    try {
      tree = json.readTree(line);
    } catch (RuntimeException e) {
      writeError(null, McpSchema.ErrorCodes.PARSE_ERROR, "Parse error: the line is not JSON");
      return;
    }
    Object id = null;
    if (tree != null && tree.isObject()) {
      JsonNode idNode = tree.get("id");
      if (idNode != null && idNode.isString()) {
        id = idNode.asString();
      } else if (idNode != null && idNode.isIntegralNumber()) {
        id = idNode.asLong();
      }
    }
    boolean request = tree != null && tree.isObject() && tree.has("method");
    if (!request && id == null && tree != null && tree.isObject() && tree.has("result")) {
      return; // A stray response to a request we did not send: nothing to answer.
    }
    writeError(
        id,
        McpSchema.ErrorCodes.INVALID_REQUEST,
        "Invalid Request: expected a JSON-RPC 2.0 request, notification or response object");
  }

  private void writeError(Object id, int code, String message) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", code);
    error.put("message", message);
    Map<String, Object> response = new LinkedHashMap<>();
    response.put("jsonrpc", "2.0");
    response.put("id", id);
    response.put("error", error);
    writeLine(json.writeValueAsString(response));
  }

  private void writeLine(String jsonText) {
    // JSON text never holds raw newlines once serialized; the guard keeps one message per line.
    String line = jsonText.replace("\r", "\\r").replace("\n", "\\n") + "\n";
    synchronized (out) {
      try {
        out.write(line.getBytes(StandardCharsets.UTF_8));
        out.flush();
      } catch (IOException e) {
        if (!closing.get()) {
          log.warn("Writing to stdout failed: {}", e.getMessage());
        }
      }
    }
  }

  @Override
  public Mono<Void> notifyClients(String method, Object params) {
    McpServerSession s = session;
    return s == null ? Mono.empty() : s.sendNotification(method, params);
  }

  @Override
  public Mono<Void> closeGracefully() {
    return Mono.fromRunnable(
        () -> {
          closing.set(true);
          McpServerSession s = session;
          if (s != null) {
            s.close();
          }
        });
  }

  private final class SessionTransport implements McpServerTransport {
    @Override
    public Mono<Void> sendMessage(JSONRPCMessage message) {
      return Mono.fromRunnable(
          () -> {
            try {
              writeLine(mapper.writeValueAsString(message));
            } catch (IOException e) {
              log.warn("Could not serialize a message: {}", e.getMessage());
            }
          });
    }

    @Override
    public <T> T unmarshalFrom(Object data, TypeRef<T> type) {
      return mapper.convertValue(data, type);
    }

    @Override
    public Mono<Void> closeGracefully() {
      return Mono.fromRunnable(() -> closing.set(true));
    }

    @Override
    public void close() {
      closing.set(true);
    }
  }
}
