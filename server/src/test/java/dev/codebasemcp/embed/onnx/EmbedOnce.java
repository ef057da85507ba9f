package dev.codebasemcp.embed.onnx;

import java.util.List;

/** A child process's whole life with the model, to see what it prints (stdout must stay empty). */
public final class EmbedOnce {
  private EmbedOnce() {}

  public static void main(String[] args) {
    try (OnnxEmbedder embedder = OnnxEmbedder.load(new OnnxOptions(2, 1))) {
      List<float[]> vectors = embedder.embed(List.of("hello", "world"));
      System.err.println("embedded " + vectors.size());
    }
  }
}
