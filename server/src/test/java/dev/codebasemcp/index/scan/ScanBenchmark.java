package dev.codebasemcp.index.scan;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Times a scan and a read of every file found, several rounds so the later ones run warm. Not a
 * test (surefire does not pick it up); run it by hand on a large tree, such as the JDK's sources:
 *
 * <pre>
 * unzip -q $JAVA_HOME/lib/src.zip -d /tmp/jdk-src
 * ./mvnw -B -ntp -q -pl schema,server test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/bench.cp
 * $JAVA_HOME/bin/java -cp server/target/test-classes:server/target/classes:$(cat server/target/bench.cp) \
 *     dev.codebasemcp.index.scan.ScanBenchmark /tmp/jdk-src 8
 * </pre>
 */
public final class ScanBenchmark {
  private ScanBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args[0]);
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    int threads = Runtime.getRuntime().availableProcessors();
    RepositoryScanner scanner = new RepositoryScanner(RepositoryScanner.DEFAULT_MAX_FILE_SIZE);
    for (int round = 1; round <= rounds; round++) {
      List<ScannedFile> files = new ArrayList<>();
      long start = System.nanoTime();
      ScanSummary summary = scanner.scan(root, files::add, (path, reason) -> {});
      long scanned = System.nanoTime();
      long bytes = 0;
      int text = 0;
      for (ScannedFile file : files) {
        if (SourceFiles.read(file, RepositoryScanner.DEFAULT_MAX_FILE_SIZE)
            instanceof SourceFile.Text t) {
          bytes += t.text().length();
          text++;
        }
      }
      long read = System.nanoTime();
      readInParallel(files, threads);
      long parallel = System.nanoTime();
      System.out.printf(
          "round %d: %d files found, skipped %s; scan %d ms; read %d files (%d MB of text) %d ms"
              + " on 1 thread, %d ms on %d threads%n",
          round,
          summary.filesFound(),
          summary.skipped(),
          (scanned - start) / 1_000_000,
          text,
          bytes >> 20,
          (read - scanned) / 1_000_000,
          (parallel - read) / 1_000_000,
          threads);
    }
  }

  private static void readInParallel(List<ScannedFile> files, int threads) throws Exception {
    try (ExecutorService executor = Executors.newFixedThreadPool(threads)) {
      List<Future<?>> futures = new ArrayList<>();
      int slice = (files.size() + threads - 1) / threads;
      for (int t = 0; t < threads; t++) {
        List<ScannedFile> part =
            files.subList(
                Math.min(files.size(), t * slice), Math.min(files.size(), (t + 1) * slice));
        futures.add(
            executor.submit(
                () ->
                    part.forEach(
                        f -> SourceFiles.read(f, RepositoryScanner.DEFAULT_MAX_FILE_SIZE))));
      }
      for (Future<?> future : futures) {
        future.get();
      }
    }
  }
}
