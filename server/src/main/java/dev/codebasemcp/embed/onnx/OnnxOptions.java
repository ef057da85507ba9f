package dev.codebasemcp.embed.onnx;

/**
 * How the in-process model runs: texts per model call, sessions run side by side, and ONNX Runtime
 * threads inside each session.
 *
 * @param batchSize texts per model call; texts of similar length are batched together
 * @param sessions sessions that run batches in parallel, each holding its own copy of the model
 * @param threadsPerSession ONNX Runtime's intra-op threads per session
 */
public record OnnxOptions(int batchSize, int sessions, int threadsPerSession) {
  public OnnxOptions {
    if (batchSize < 1 || sessions < 1 || threadsPerSession < 1) {
      throw new IllegalArgumentException(
          "batch size, sessions and threads must be positive: "
              + batchSize
              + ", "
              + sessions
              + ", "
              + threadsPerSession);
    }
  }
}
