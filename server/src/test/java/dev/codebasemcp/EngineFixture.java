package dev.codebasemcp;

import dev.codebasemcp.embed.EmbeddingSettings;
import dev.codebasemcp.index.Indexer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * An engine over a scratch database with the real in-process embedding model, and helpers to write
 * small repositories. Close it after the test.
 */
public final class EngineFixture implements AutoCloseable {
  private static final Object MODEL_LOCK = new Object();

  private final TestPostgres.Scratch scratch;
  private final Engine engine;

  private EngineFixture(TestPostgres.Scratch scratch, Engine engine) {
    this.scratch = scratch;
    this.engine = engine;
  }

  public static EngineFixture create() {
    TestPostgres.Scratch scratch = TestPostgres.scratch();
    synchronized (MODEL_LOCK) {
      return new EngineFixture(
          scratch,
          Engine.over(
              scratch.db(),
              EmbeddingSettings.fromEnvironment(Map.of()),
              Indexer.Options.defaults()));
    }
  }

  public Engine engine() {
    return engine;
  }

  /** Writes {@code content} to {@code root/relative}, creating directories. */
  public static Path write(Path root, String relative, String content) throws IOException {
    Path file = root.resolve(relative);
    Files.createDirectories(file.getParent());
    return Files.writeString(file, content);
  }

  @Override
  public void close() {
    try {
      engine.close();
    } finally {
      scratch.database().close();
    }
  }
}
