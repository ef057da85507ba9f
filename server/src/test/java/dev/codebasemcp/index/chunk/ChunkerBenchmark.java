package dev.codebasemcp.index.chunk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Chunking throughput on a large source tree, such as the JDK's own sources: run with {@code
 * -Dtest=ChunkerBenchmark -Dchunk.bench.dir=/tmp/jdk-src-chunk} and optionally {@code
 * -Dchunk.bench.ext=.py} (default {@code .java}); skipped without a directory. Reports files/s with
 * one and two threads, chunk counts and sizes, and the process's resident memory after each pass,
 * on stderr.
 */
class ChunkerBenchmark {
  private static final int MAX_TOKENS = 256;

  @Test
  void chunksALargeTree() throws Exception {
    String dir = System.getProperty("chunk.bench.dir");
    assumeTrue(dir != null, "set -Dchunk.bench.dir to run the benchmark");
    String extension = System.getProperty("chunk.bench.ext", ".java");
    List<Path> paths;
    try (Stream<Path> walk = Files.walk(Path.of(dir))) {
      paths = walk.filter(p -> p.toString().endsWith(extension)).sorted().toList();
    }
    List<String> texts = new ArrayList<>(paths.size());
    long chars = 0;
    for (Path path : paths) {
      String text = read(path);
      texts.add(text);
      chars += text.length();
    }
    Chunker chunker = new Chunker(MAX_TOKENS, s -> s.length() / 4);
    report("files %d, %.1f MB of text, RSS before %d MB", texts.size(), chars / 1e6, rssMb());
    Stats stats = pass(chunker, paths, texts, 1);
    report("RSS after pass 1: %d MB", rssMb());
    stats.print();
    pass(chunker, paths, texts, 1);
    report("RSS after pass 2: %d MB", rssMb());
    pass(chunker, paths, texts, 2);
    report("RSS after pass 3 (2 threads): %d MB", rssMb());
    pass(chunker, paths, texts, 2);
    report("RSS after pass 4 (2 threads): %d MB", rssMb());
    assertEquals(0, stats.uncovered.get(), "non-blank lines in no chunk");
  }

  private static Stats pass(Chunker chunker, List<Path> paths, List<String> texts, int threads)
      throws Exception {
    Stats stats = new Stats();
    long cpu0 =
        ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os
            ? os.getProcessCpuTime()
            : 0;
    long start = System.nanoTime();
    try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int offset = t;
        futures.add(
            pool.submit(
                () -> {
                  for (int i = offset; i < texts.size(); i += threads) {
                    String text = texts.get(i);
                    List<Chunk> chunks = chunker.split(paths.get(i).toString(), text);
                    stats.add(text, chunks);
                  }
                }));
      }
      for (Future<?> future : futures) {
        future.get();
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    long cpu1 =
        ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os
            ? os.getProcessCpuTime()
            : 0;
    report(
        "%d thread(s): %d files in %.1f s = %.0f files/s (process CPU %.1f s), %d chunks",
        threads,
        texts.size(),
        seconds,
        texts.size() / seconds,
        (cpu1 - cpu0) / 1e9,
        stats.chunks.get());
    return stats;
  }

  private static final class Stats {
    final AtomicLong chunks = new AtomicLong();
    final AtomicLong uncovered = new AtomicLong();
    final AtomicLong symbols = new AtomicLong();
    final AtomicLong oversize = new AtomicLong();
    final List<Integer> tokens = new ArrayList<>();
    final List<Integer> lines = new ArrayList<>();

    void add(String text, List<Chunk> result) {
      chunks.addAndGet(result.size());
      uncovered.addAndGet(ChunkAssertions.uncoveredLines(text, result).size());
      synchronized (this) {
        for (Chunk chunk : result) {
          int t = chunk.content().length() / 4;
          tokens.add(t);
          lines.add(chunk.endLine() - chunk.startLine() + 1);
          if (t > MAX_TOKENS && chunk.startLine() != chunk.endLine()) {
            oversize.incrementAndGet();
          }
          if (chunk.symbol() != null) {
            symbols.incrementAndGet();
          }
        }
      }
    }

    void print() {
      report(
          "chunks %d, with a symbol %d, multi-line chunks over the budget %d, uncovered lines %d",
          chunks.get(), symbols.get(), oversize.get(), uncovered.get());
      report("tokens per chunk: %s", percentiles(tokens));
      report("lines per chunk:  %s", percentiles(lines));
    }
  }

  private static String percentiles(List<Integer> values) {
    int[] sorted = values.stream().mapToInt(Integer::intValue).sorted().toArray();
    StringBuilder out = new StringBuilder();
    for (int p : new int[] {10, 25, 50, 75, 90, 99}) {
      out.append("p")
          .append(p)
          .append('=')
          .append(sorted[(int) ((sorted.length - 1) * p / 100.0)])
          .append(' ');
    }
    out.append("max=").append(sorted[sorted.length - 1]);
    out.append(" mean=").append(String.format("%.0f", Arrays.stream(sorted).average().orElse(0)));
    return out.toString();
  }

  private static String read(Path path) {
    try {
      return Files.readString(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long rssMb() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
      }
    }
    return -1;
  }

  private static void report(String format, Object... args) {
    System.err.println("[chunk-bench] " + String.format(format, args));
  }
}
