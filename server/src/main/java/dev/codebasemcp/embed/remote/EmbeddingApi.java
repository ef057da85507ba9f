package dev.codebasemcp.embed.remote;

import dev.codebasemcp.embed.EmbeddingException;
import java.net.URI;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The wire format of one HTTP embedding API: where to post, what to send, how to read the vectors.
 * Implementations are stateless and thread-safe.
 */
public sealed interface EmbeddingApi permits OllamaApi, OpenAiApi {
  /** The provider's name in model ids and messages, such as {@code ollama}. */
  String provider();

  /** The URL to post to, from the configured base URL. */
  URI endpoint(URI baseUrl);

  /** The request body for one batch. */
  default ObjectNode request(String model, List<String> inputs) {
    // Both APIs take the same body: {"model": ..., "input": [...]}.
    ObjectNode body = JsonMapper.shared().createObjectNode();
    body.put("model", model);
    inputs.forEach(body.putArray("input")::add);
    return body;
  }

  /**
   * The vectors in a successful response, in input order.
   *
   * @throws EmbeddingException with what was wrong, when the response is not this API's
   */
  List<float[]> vectors(JsonNode response);

  /** Appends {@code path} to the base URL's path, without doubling the slash. */
  static URI resolve(URI baseUrl, String path) {
    String base = baseUrl.toString();
    while (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    return URI.create(base + path);
  }

  /** Reads a JSON array of numbers as floats. */
  static float[] floats(JsonNode array, String where) {
    if (!array.isArray() || array.isEmpty()) {
      throw new EmbeddingException("the response has no vector at " + where);
    }
    float[] vector = new float[array.size()];
    for (int i = 0; i < vector.length; i++) {
      JsonNode value = array.get(i);
      if (!value.isNumber()) {
        throw new EmbeddingException("the response has a non-number in the vector at " + where);
      }
      vector[i] = value.floatValue();
    }
    return vector;
  }
}
