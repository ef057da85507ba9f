package dev.codebasemcp.cli;

import dev.codebasemcp.Engine;
import dev.codebasemcp.Main.UsageException;
import dev.codebasemcp.config.Config;
import dev.codebasemcp.index.IndexProgress;
import dev.codebasemcp.index.scan.SkipReason;
import dev.codebasemcp.workspace.ProjectId;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code codebase-mcp index <path> [--project ID] [--force]}: indexes a repository with a live
 * progress bar on stderr and a summary at the end (skipped files by reason included). Ctrl-C stops
 * it between batches; what was committed stays consistent.
 */
public final class IndexCommand {
  private final Config config;
  private final PrintStream out;
  private final PrintStream err;

  public IndexCommand(Config config, PrintStream out, PrintStream err) {
    this.config = config;
    this.out = out;
    this.err = err;
  }

  public int run(List<String> args) {
    String path = null;
    ProjectId project = ProjectId.DEFAULT;
    boolean force = false;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      switch (arg) {
        case "--project" -> project = ProjectId.of(Arguments.value(args, ++i, arg));
        case "--force" -> force = true;
        default -> {
          if (arg.startsWith("-") || path != null) {
            throw new UsageException("index: unexpected argument '" + arg + "'");
          }
          path = arg;
        }
      }
    }
    if (path == null) {
      throw new UsageException("index needs the path of a repository");
    }
    Path repository = repository(path);
    ProgressBar bar = new ProgressBar(err, System.console() != null);
    AtomicBoolean cancelled = new AtomicBoolean();
    Thread main = Thread.currentThread();
    Thread hook =
        new Thread(
            () -> {
              cancelled.set(true);
              try {
                main.join(10_000);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    Runtime.getRuntime().addShutdownHook(hook);
    try (Engine engine = Engine.open(config)) {
      IndexProgress done = engine.index(project, repository, force, bar, cancelled::get);
      bar.clear();
      out.print(summary(repository, project, done));
      return 0;
    } finally {
      bar.clear();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running: the JVM is exiting anyway
      }
    }
  }

  static Path repository(String path) {
    Path repository;
    try {
      repository = Path.of(path).toAbsolutePath().normalize();
    } catch (InvalidPathException e) {
      throw new UsageException("not a valid path: '" + path + "'");
    }
    if (!Files.isDirectory(repository)) {
      throw new UsageException("index: " + repository + " is not a directory");
    }
    return repository;
  }

  static String summary(Path repository, ProjectId project, IndexProgress p) {
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            Locale.ROOT,
            "Indexed %s into workspace '%s' in %s%n",
            repository,
            project,
            ProgressBar.duration(p.elapsed())));
    s.append(
        String.format(
            Locale.ROOT,
            "  files:  %,d found, %,d indexed, %,d unchanged, %,d removed%n",
            p.filesFound(),
            p.filesIndexed(),
            p.filesUnchanged(),
            p.filesDeleted()));
    if (p.filesSkipped() > 0) {
      List<String> reasons = new ArrayList<>();
      for (Map.Entry<SkipReason, Integer> e : p.skippedByReason().entrySet()) {
        reasons.add(String.format(Locale.ROOT, "%,d %s", e.getValue(), e.getKey().label()));
      }
      s.append(
          String.format(
              Locale.ROOT, "  skipped: %,d (%s)%n", p.filesSkipped(), String.join(", ", reasons)));
    }
    s.append(
        String.format(
            Locale.ROOT,
            "  chunks: %,d written, %,d embedded in this run%n",
            p.chunksCreated(),
            p.chunksEmbedded()));
    if (p.errors() > 0) {
      s.append(
          String.format(
              Locale.ROOT, "  errors: %,d files could not be indexed, e.g.%n", p.errors()));
      p.errorsSample().forEach(e -> s.append("    ").append(e).append('\n'));
    }
    return s.toString();
  }
}
