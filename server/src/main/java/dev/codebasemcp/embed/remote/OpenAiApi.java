package dev.codebasemcp.embed.remote;

import dev.codebasemcp.embed.EmbeddingException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The OpenAI embeddings API, which Text Embeddings Inference, vLLM and others also serve: {@code
 * POST /v1/embeddings} with {@code {"model", "input": [...]}}, answered by {@code {"data":
 * [{"index", "embedding": [...]}, ...]}}. Stateless and thread-safe.
 *
 * @see <a href="https://platform.openai.com/docs/api-reference/embeddings/create">OpenAI API:
 *     create embeddings</a>
 */
public record OpenAiApi() implements EmbeddingApi {
  @Override
  public String provider() {
    return "openai";
  }

  /**
   * Accepts the base URL in each common spelling: {@code http://host:8080} (a server's root),
   * {@code https://api.openai.com/v1} (the OpenAI SDKs' base URL) or the full endpoint.
   */
  @Override
  public URI endpoint(URI baseUrl) {
    String path = baseUrl.getPath() == null ? "" : baseUrl.getPath().replaceAll("/+$", "");
    if (path.endsWith("/embeddings")) {
      return baseUrl;
    }
    return EmbeddingApi.resolve(baseUrl, path.endsWith("/v1") ? "/embeddings" : "/v1/embeddings");
  }

  /** Orders the vectors by their {@code index}: the API does not promise input order. */
  @Override
  public List<float[]> vectors(JsonNode response) {
    JsonNode data = response.path("data");
    if (!data.isArray()) {
      throw new EmbeddingException("the response has no \"data\" array");
    }
    float[][] vectors = new float[data.size()][];
    for (int i = 0; i < data.size(); i++) {
      JsonNode item = data.get(i);
      int index = item.path("index").asInt(i);
      if (index < 0 || index >= vectors.length || vectors[index] != null) {
        throw new EmbeddingException("the response has a missing or repeated index " + index);
      }
      vectors[index] = EmbeddingApi.floats(item.path("embedding"), "data[" + i + "].embedding");
    }
    return new ArrayList<>(Arrays.asList(vectors));
  }
}
