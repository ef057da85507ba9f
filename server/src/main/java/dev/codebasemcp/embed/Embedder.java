package dev.codebasemcp.embed;

import java.util.List;

/**
 * Turns texts into vectors with one model. Implementations are thread-safe; {@link #embed} may be
 * called from several threads at once, and batches as it sees fit.
 */
public interface Embedder extends AutoCloseable {
  /** The model's id as recorded with each workspace, such as {@code all-minilm-l6-v2-q}. */
  String modelId();

  /** The length of every vector this model returns. */
  int dimension();

  /** The most tokens of one text the model reads; longer texts are truncated. */
  int maxTokens();

  /** How many model tokens {@code text} has (for chunk budgets); may be an estimate. */
  int countTokens(String text);

  /** One vector per text, in order, L2-normalised. */
  List<float[]> embed(List<String> texts);

  /** The vector of a search query (models with query prefixes add them here). */
  default float[] embedQuery(String query) {
    return embed(List.of(query)).get(0);
  }

  @Override
  void close();
}
