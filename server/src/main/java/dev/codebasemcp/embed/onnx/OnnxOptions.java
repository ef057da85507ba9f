package dev.codebasemcp.embed.onnx;

/**
 * How the in-process model uses the CPU: sessions that embed texts side by side, and ONNX Runtime's
 * threads inside each.
 *
 * @param sessions sessions that run in parallel, each with its own copy of the model (about 60 MB)
 * @param threadsPerSession ONNX Runtime's intra-op threads per session
 */
public record OnnxOptions(int sessions, int threadsPerSession) {
  public OnnxOptions {
    if (sessions < 1 || threadsPerSession < 1) {
      throw new IllegalArgumentException(
          "sessions and threads must be positive: " + sessions + ", " + threadsPerSession);
    }
  }

  /**
   * One single-threaded session per thread: half the CPU per text of one session with as many
   * threads, whose workers spin between the small per-text operations (measured on 2 cores: 24-31
   * against 50 CPU-ms for a 210-token chunk), and texts run side by side instead.
   */
  public static OnnxOptions forThreads(int threads) {
    return new OnnxOptions(threads, 1);
  }
}
