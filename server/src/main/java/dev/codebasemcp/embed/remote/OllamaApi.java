package dev.codebasemcp.embed.remote;

import dev.codebasemcp.embed.EmbeddingException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Ollama's batch embedding API: {@code POST /api/embed} with {@code {"model", "input": [...]}},
 * answered by {@code {"embeddings": [[...], ...]}}. Stateless and thread-safe.
 *
 * @see <a href="https://github.com/ollama/ollama/blob/main/docs/api.md#generate-embeddings">Ollama
 *     API: generate embeddings</a>
 */
public record OllamaApi() implements EmbeddingApi {
  @Override
  public String provider() {
    return "ollama";
  }

  @Override
  public URI endpoint(URI baseUrl) {
    return EmbeddingApi.resolve(baseUrl, "/api/embed");
  }

  @Override
  public List<float[]> vectors(JsonNode response) {
    JsonNode embeddings = response.path("embeddings");
    if (!embeddings.isArray()) {
      throw new EmbeddingException("the response has no \"embeddings\" array");
    }
    List<float[]> vectors = new ArrayList<>(embeddings.size());
    for (int i = 0; i < embeddings.size(); i++) {
      vectors.add(EmbeddingApi.floats(embeddings.get(i), "embeddings[" + i + "]"));
    }
    return vectors;
  }
}
