package dev.codebasemcp.embed.onnx;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Throughput, query latency and native memory of the in-process model, on real Java source. Off by
 * default (minutes of CPU); run with {@code -Dembed.bench=/path/to/unzipped/src.zip}, see README.
 */
@EnabledIfSystemProperty(named = "embed.bench", matches = ".+")
class OnnxEmbedderBenchmark {
  private static final int TARGET_TOKENS = 210;

  @Test
  void throughputByThreading() throws IOException {
    List<String> chunks = javaChunks(Integer.getInteger("embed.bench.chunks", 1024));
    int cores = Runtime.getRuntime().availableProcessors();
    for (OnnxOptions options :
        List.of(new OnnxOptions(1, 1), new OnnxOptions(cores, 1), new OnnxOptions(1, cores))) {
      try (OnnxEmbedder embedder = OnnxEmbedder.load(options)) {
        embedder.embed(chunks.subList(0, 16));
        long cpuStart = processCpuNanos();
        long start = System.nanoTime();
        for (int from = 0; from < chunks.size(); from += 256) {
          embedder.embed(chunks.subList(from, Math.min(from + 256, chunks.size())));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuMs = (processCpuNanos() - cpuStart) / 1e6;
        report(
            "%s: %d chunks in %.1f s = %.1f chunks/s, %.1f CPU-ms a chunk, rss %d MB, load %s",
            options,
            chunks.size(),
            seconds,
            chunks.size() / seconds,
            cpuMs / chunks.size(),
            rssMb(),
            loadAverage());
      }
    }
  }

  @Test
  void queryLatency() {
    int cores = Runtime.getRuntime().availableProcessors();
    for (OnnxOptions options : List.of(new OnnxOptions(cores, 1), new OnnxOptions(1, cores))) {
      try (OnnxEmbedder embedder = OnnxEmbedder.load(options)) {
        String query = "reverse a string in place";
        for (int i = 0; i < 50; i++) {
          embedder.embedQuery(query);
        }
        long[] micros = new long[500];
        for (int i = 0; i < micros.length; i++) {
          long start = System.nanoTime();
          embedder.embedQuery(i % 2 == 0 ? query : "where is the retry backoff computed " + i);
          micros[i] = (System.nanoTime() - start) / 1000;
        }
        Arrays.sort(micros);
        report(
            "%s query: p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, max %.2f ms",
            options,
            micros[micros.length / 2] / 1000.0,
            micros[micros.length * 95 / 100] / 1000.0,
            micros[micros.length * 99 / 100] / 1000.0,
            micros[micros.length - 1] / 1000.0);
      }
    }
  }

  @Test
  @EnabledIfSystemProperty(named = "embed.bench.soak", matches = "\\d+")
  void nativeMemoryStaysFlat() throws IOException {
    int total = Integer.getInteger("embed.bench.soak");
    List<String> chunks = javaChunks(2048);
    int cores = Runtime.getRuntime().availableProcessors();
    OnnxOptions options =
        new OnnxOptions(
            Integer.getInteger("embed.bench.sessions", cores),
            Integer.getInteger("embed.bench.threads", 1));
    try (OnnxEmbedder embedder = OnnxEmbedder.load(options)) {
      long start = System.nanoTime();
      int done = 0;
      int offset = 0;
      while (done < total) {
        // Shift the window each round so batch shapes keep changing, as in real indexing.
        List<String> call = new ArrayList<>(256);
        for (int i = 0; i < 256; i++) {
          call.add(chunks.get((offset + i * 7) % chunks.size()));
        }
        offset += 13;
        embedder.embed(call);
        done += call.size();
        if (done % 5120 == 0) {
          report(
              "%s soak: %d embedded, %.1f chunks/s, rss %d MB, heap used %d MB",
              options,
              done,
              done / ((System.nanoTime() - start) / 1e9),
              rssMb(),
              (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20);
        }
      }
    }
  }

  /** Windows of whole lines from the JDK's sources, each close to {@link #TARGET_TOKENS} tokens. */
  static List<String> javaChunks(int count) throws IOException {
    Path root = Path.of(System.getProperty("embed.bench"));
    WordPieceTokenizer tokenizer =
        WordPieceTokenizer.fromTokenizerJson(
            OnnxEmbedder.class.getResourceAsStream(OnnxEmbedder.TOKENIZER_RESOURCE), "tokenizer");
    List<String> chunks = new ArrayList<>();
    long tokens = 0;
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
        StringBuilder window = new StringBuilder();
        for (String line : Files.readAllLines(file)) {
          window.append(line).append('\n');
          int n = tokenizer.count(window.toString());
          if (n >= TARGET_TOKENS - 10) {
            if (n <= TARGET_TOKENS + 10) {
              chunks.add(window.toString());
              tokens += n;
              if (chunks.size() == count) {
                report("%d chunks, %.1f tokens on average", count, tokens / (double) count);
                return chunks;
              }
            }
            window.setLength(0);
          }
        }
      }
    }
    throw new IllegalStateException("only " + chunks.size() + " chunks under " + root);
  }

  private static long rssMb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
        }
      }
    } catch (IOException e) {
      return -1;
    }
    return -1;
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).strip();
    } catch (IOException e) {
      return "?";
    }
  }

  private static void report(String format, Object... args) {
    System.err.println("BENCH " + String.format(format, args));
  }
}
