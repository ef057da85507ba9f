package dev.codebasemcp.embed;

/** Small vector helpers shared by the embedders and their tests. Stateless and thread-safe. */
public final class Vectors {
  private Vectors() {}

  /** The Euclidean length of {@code vector}, summed in double to keep 1e-6 accuracy. */
  public static double norm(float[] vector) {
    double sum = 0;
    for (float v : vector) {
      sum += (double) v * v;
    }
    return Math.sqrt(sum);
  }

  /**
   * Scales {@code vector} in place to unit length and returns it; a zero vector stays zero (it has
   * no direction, and dividing would give NaNs that poison every later distance).
   */
  public static float[] normalize(float[] vector) {
    double norm = norm(vector);
    if (norm > 0) {
      for (int i = 0; i < vector.length; i++) {
        vector[i] = (float) (vector[i] / norm);
      }
    }
    return vector;
  }

  /** The cosine similarity of two vectors of the same length. */
  public static double cosine(float[] a, float[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException("lengths differ: " + a.length + " and " + b.length);
    }
    double dot = 0;
    for (int i = 0; i < a.length; i++) {
      dot += (double) a[i] * b[i];
    }
    double norms = norm(a) * norm(b);
    return norms == 0 ? 0 : dot / norms;
  }
}
