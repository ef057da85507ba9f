package dev.codebasemcp.mcp;

import dev.codebasemcp.CodebaseMcpException;
import dev.codebasemcp.Engine;
import dev.codebasemcp.jobs.EngineJobRunner;
import dev.codebasemcp.jobs.JobQueue;
import dev.codebasemcp.jobs.JobSettings;
import dev.codebasemcp.jobs.JobWorker;
import dev.codebasemcp.jobs.WorkerId;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MCP stdio server: the tools over the engine and the job queue, and this process's job worker.
 * Runs until the client closes stdin or the process is asked to stop, then shuts down in order:
 * stop claiming jobs, let running batches commit and give the jobs back, close the session, close
 * the database. Thread-safe; one per process.
 */
public final class StdioServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(StdioServer.class);

  static final String INSTRUCTIONS =
      """
      codebase-mcp indexes code repositories and answers "where is the code that does X?".
      Typical use: start_indexing with the repository's absolute path (returns a job id at once),
      poll get_job_status until it is completed (keyword search works while embeddings are still
      being computed), then search_code with a plain-English question or an identifier.
      Workspaces keep separate indexes; 'default' is used when project_id is omitted.
      """;

  private final Engine engine;
  private final JobWorker worker;
  private final StdioTransport transport;
  private final McpSyncServer server;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final CountDownLatch shutDown = new CountDownLatch(1);

  private StdioServer(
      Engine engine, JobWorker worker, StdioTransport transport, McpSyncServer server) {
    this.engine = engine;
    this.worker = worker;
    this.transport = transport;
    this.server = server;
  }

  /** Starts serving on these streams: the engine is the caller's until this server closes it. */
  public static StdioServer start(
      Engine engine, JobSettings settings, String version, InputStream in, OutputStream out) {
    JobQueue queue = new JobQueue(engine.database().dsl());
    JobNotifier notifier = new JobNotifier();
    JobWorker worker =
        new JobWorker(
            queue,
            new EngineJobRunner(engine, settings.maxJobs()),
            settings,
            WorkerId.forThisProcess(),
            notifier);
    McpJsonMapper mapper = McpJsonDefaults.getMapper();
    List<Tool> tools = new ArrayList<>();
    tools.addAll(new WorkspaceTools(engine, queue).tools());
    tools.addAll(new JobTools(engine, queue, worker, notifier).tools());
    tools.add(new SearchTool(engine, queue).tool());
    List<McpServerFeatures.SyncToolSpecification> specs = new ArrayList<>();
    for (Tool tool : tools) {
      specs.add(spec(tool, mapper, notifier));
    }
    StdioTransport transport = new StdioTransport(mapper, in, out);
    McpSyncServer server =
        McpServer.sync(transport)
            .serverInfo("codebase-mcp", version)
            .instructions(INSTRUCTIONS)
            .jsonMapper(mapper)
            // The tools check their own arguments, with messages naming what to fix.
            .validateToolInputs(false)
            .capabilities(McpSchema.ServerCapabilities.builder().tools(false).logging().build())
            .tools(specs)
            .build();
    worker.start();
    log.info("MCP server ready on stdio (worker {})", worker.id());
    return new StdioServer(engine, worker, transport, server);
  }

  /** Blocks until the client closes stdin. */
  public void awaitInputClosed() {
    transport.inputClosed().join();
  }

  private static McpServerFeatures.SyncToolSpecification spec(
      Tool tool, McpJsonMapper mapper, JobNotifier notifier) {
    McpSchema.Tool definition =
        McpSchema.Tool.builder(tool.name(), mapper, tool.inputSchema())
            .description(tool.description())
            .outputSchema(mapper, tool.outputSchema())
            .build();
    Set<String> arguments = tool.argumentNames(); // read from the schema once, not per call
    return McpServerFeatures.SyncToolSpecification.builder()
        .tool(definition)
        .callHandler(
            (exchange, request) -> call(tool, arguments, mapper, notifier, exchange, request))
        .build();
  }

  static McpSchema.CallToolResult call(
      Tool tool,
      Set<String> argumentNames,
      McpJsonMapper mapper,
      JobNotifier notifier,
      McpSyncServerExchange exchange,
      McpSchema.CallToolRequest request) {
    notifier.seen(exchange);
    try {
      ToolArguments arguments =
          new ToolArguments(tool.name(), request.arguments(), request.meta(), argumentNames);
      Tool.Output output = tool.handler().call(arguments, exchange);
      return McpSchema.CallToolResult.builder()
          .structuredContent(output.structured())
          .addTextContent(output.summary())
          .addTextContent(mapper.writeValueAsString(output.structured()))
          .build();
    } catch (ToolFailure | CodebaseMcpException e) {
      return failure(e.getMessage());
    } catch (IOException e) {
      return failure("Could not write the result of " + tool.name() + ": " + e.getMessage());
    } catch (RuntimeException e) {
      log.error("{} failed unexpectedly", tool.name(), e);
      return failure(
          "%s failed unexpectedly: %s (the server log on stderr has details)"
              .formatted(tool.name(), e));
    }
  }

  private static McpSchema.CallToolResult failure(String message) {
    return McpSchema.CallToolResult.builder().isError(true).addTextContent(message).build();
  }

  /**
   * Orderly shutdown. Stdin EOF and SIGTERM may both ask, on two threads (a client that kills the
   * server usually closes its pipes too): the second caller waits until the first is done, so the
   * process cannot exit while running jobs are being given back.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      try {
        shutDown.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return;
    }
    log.info("Shutting down: letting running jobs commit their batch and giving them back");
    try {
      worker.close();
    } finally {
      try {
        server.closeGracefully();
      } catch (RuntimeException e) {
        log.debug("Closing the session failed", e);
      } finally {
        try {
          engine.close();
        } finally {
          shutDown.countDown();
        }
      }
    }
  }
}
