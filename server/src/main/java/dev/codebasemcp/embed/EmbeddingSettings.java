package dev.codebasemcp.embed;

import dev.codebasemcp.config.ConfigException;
import dev.codebasemcp.embed.onnx.OnnxEmbedder;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/**
 * Which embedding model to use and how to reach it, read from {@code CODEBASE_MCP_EMBEDDING_*}
 * environment variables and validated once: a bad value fails with a message naming the variable.
 * Immutable; {@link #toString} never shows the API key.
 *
 * @param provider where the model runs
 * @param model the model's name: the built-in model for onnx, the server's name for it otherwise
 * @param url the server's base URL (remote providers only)
 * @param apiKey a bearer token for the server, if it wants one
 * @param batchSize texts per request to a server; 1 for the built-in model, which embeds each text
 *     on its own (see {@code OnnxEmbedder})
 * @param threads CPU threads for the in-process model
 * @param timeout how long one request to a server may take
 * @param dimension a remote model's vector length when given; otherwise found at start
 * @param maxTokens a remote model's window in tokens, for chunk budgets
 * @param warnings settings that were given but have no effect with this provider
 */
public record EmbeddingSettings(
    Provider provider,
    String model,
    Optional<URI> url,
    Optional<String> apiKey,
    int batchSize,
    int threads,
    Duration timeout,
    OptionalInt dimension,
    int maxTokens,
    List<String> warnings) {

  public static final String PROVIDER = "CODEBASE_MCP_EMBEDDING_PROVIDER";
  public static final String MODEL = "CODEBASE_MCP_EMBEDDING_MODEL";
  public static final String URL = "CODEBASE_MCP_EMBEDDING_URL";
  public static final String API_KEY = "CODEBASE_MCP_EMBEDDING_API_KEY";
  public static final String BATCH_SIZE = "CODEBASE_MCP_EMBEDDING_BATCH_SIZE";
  public static final String THREADS = "CODEBASE_MCP_EMBEDDING_THREADS";
  public static final String TIMEOUT_SECONDS = "CODEBASE_MCP_EMBEDDING_TIMEOUT_SECONDS";
  public static final String DIMENSION = "CODEBASE_MCP_EMBEDDING_DIMENSION";
  public static final String MAX_TOKENS = "CODEBASE_MCP_EMBEDDING_MAX_TOKENS";

  /** Every variable read here; {@code Config.KNOWN} lists them too. */
  public static final List<String> VARIABLES =
      List.of(
          PROVIDER,
          MODEL,
          URL,
          API_KEY,
          BATCH_SIZE,
          THREADS,
          TIMEOUT_SECONDS,
          DIMENSION,
          MAX_TOKENS);

  public static final int DEFAULT_REMOTE_BATCH_SIZE = 32;
  public static final String DEFAULT_OLLAMA_URL = "http://localhost:11434";
  public static final String DEFAULT_OLLAMA_MODEL = "nomic-embed-text";
  public static final int DEFAULT_TIMEOUT_SECONDS = 120;
  public static final int DEFAULT_REMOTE_MAX_TOKENS = 512;

  /** Where the model runs: in this process, or behind one of two HTTP APIs. */
  public enum Provider {
    ONNX,
    OLLAMA,
    OPENAI;

    /** The name used in settings and model ids. */
    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public EmbeddingSettings {
    if (batchSize < 1 || threads < 1 || maxTokens < 1) {
      throw new IllegalArgumentException("batchSize, threads and maxTokens must be positive");
    }
    if (provider != Provider.ONNX && url.isEmpty()) {
      throw new IllegalArgumentException("a remote provider needs a URL");
    }
    warnings = List.copyOf(warnings);
  }

  /** The defaults: the built-in model, with all the machine's cores. */
  public static EmbeddingSettings defaults() {
    return fromEnvironment(Map.of());
  }

  /** Reads and checks the {@code CODEBASE_MCP_EMBEDDING_*} variables in {@code env}. */
  public static EmbeddingSettings fromEnvironment(Map<String, String> env) {
    Provider provider = value(env, PROVIDER).map(EmbeddingSettings::provider).orElse(Provider.ONNX);
    return provider == Provider.ONNX ? onnx(env) : remote(provider, env);
  }

  private static EmbeddingSettings onnx(Map<String, String> env) {
    String using = " when " + PROVIDER + " is onnx (the default)";
    Optional<String> model = value(env, MODEL);
    if (model.isPresent() && !model.get().equals(OnnxEmbedder.MODEL_ID)) {
      throw new ConfigException(
          MODEL
              + " must be "
              + OnnxEmbedder.MODEL_ID
              + " (the built-in model) or unset"
              + using
              + ": got '"
              + model.get()
              + "'; for another model set "
              + PROVIDER
              + " to ollama or openai");
    }
    for (String remoteOnly : List.of(URL, API_KEY)) {
      if (value(env, remoteOnly).isPresent()) {
        throw new ConfigException(
            remoteOnly
                + " is set, but the built-in model needs no server"
                + using
                + ": set "
                + PROVIDER
                + " to ollama or openai, or unset "
                + remoteOnly);
      }
    }
    List<String> warnings = new ArrayList<>();
    for (String unused : List.of(BATCH_SIZE, TIMEOUT_SECONDS, DIMENSION, MAX_TOKENS)) {
      if (value(env, unused).isPresent()) {
        warnings.add("ignoring " + unused + ": it applies to remote models only");
      }
    }
    return new EmbeddingSettings(
        Provider.ONNX,
        OnnxEmbedder.MODEL_ID,
        Optional.empty(),
        Optional.empty(),
        1,
        integer(env, THREADS, 1, 256).orElse(Runtime.getRuntime().availableProcessors()),
        Duration.ofSeconds(DEFAULT_TIMEOUT_SECONDS),
        OptionalInt.empty(),
        OnnxEmbedder.MAX_TOKENS,
        warnings);
  }

  private static EmbeddingSettings remote(Provider provider, Map<String, String> env) {
    String model;
    URI url;
    if (provider == Provider.OLLAMA) {
      model = value(env, MODEL).orElse(DEFAULT_OLLAMA_MODEL);
      url = url(value(env, URL).orElse(DEFAULT_OLLAMA_URL));
    } else {
      String using = " when " + PROVIDER + " is openai";
      model =
          value(env, MODEL)
              .orElseThrow(
                  () ->
                      new ConfigException(
                          MODEL
                              + " is required"
                              + using
                              + ": the model name the server knows, such as"
                              + " text-embedding-3-small or BAAI/bge-small-en-v1.5"));
      url =
          url(
              value(env, URL)
                  .orElseThrow(
                      () ->
                          new ConfigException(
                              URL
                                  + " is required"
                                  + using
                                  + ": the server's base URL, such as http://localhost:8080"
                                  + " (Text Embeddings Inference, vLLM) or"
                                  + " https://api.openai.com/v1")));
    }
    List<String> warnings = new ArrayList<>();
    if (value(env, THREADS).isPresent()) {
      warnings.add("ignoring " + THREADS + ": it applies to the built-in model only");
    }
    return new EmbeddingSettings(
        provider,
        model,
        Optional.of(url),
        value(env, API_KEY),
        integer(env, BATCH_SIZE, 1, 2048).orElse(DEFAULT_REMOTE_BATCH_SIZE),
        Runtime.getRuntime().availableProcessors(),
        Duration.ofSeconds(integer(env, TIMEOUT_SECONDS, 1, 3600).orElse(DEFAULT_TIMEOUT_SECONDS)),
        integer(env, DIMENSION, 1, 16000).map(OptionalInt::of).orElse(OptionalInt.empty()),
        integer(env, MAX_TOKENS, 16, 1_000_000).orElse(DEFAULT_REMOTE_MAX_TOKENS),
        warnings);
  }

  /** The id recorded with each workspace: the model alone for onnx, else {@code provider:model}. */
  public String modelId() {
    return provider == Provider.ONNX ? model : provider.id() + ":" + model;
  }

  @Override
  public String toString() {
    return "EmbeddingSettings[provider="
        + provider.id()
        + ", model="
        + model
        + ", url="
        + url.map(URI::toString).orElse("(none)")
        + ", apiKey="
        + (apiKey.isPresent() ? "(set)" : "(none)")
        + ", batchSize="
        + batchSize
        + ", threads="
        + threads
        + ", timeout="
        + timeout
        + ", dimension="
        + dimension
        + ", maxTokens="
        + maxTokens
        + "]";
  }

  private static Provider provider(String value) {
    try {
      return Provider.valueOf(value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(
          PROVIDER
              + " must be one of "
              + Arrays.stream(Provider.values()).map(Provider::id).collect(Collectors.joining(", "))
              + ": got '"
              + value
              + "'");
    }
  }

  private static URI url(String value) {
    try {
      URI uri = new URI(value);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
        throw new ConfigException(
            URL + " must be an http:// or https:// URL with a host: got '" + value + "'");
      }
      if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
        throw new ConfigException(
            URL + " must be a base URL without query or fragment: got '" + value + "'");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new ConfigException(
          URL + " is not a valid URL: '" + value + "' (" + e.getReason() + ")");
    }
  }

  private static Optional<Integer> integer(Map<String, String> env, String name, int min, int max) {
    return value(env, name)
        .map(
            v -> {
              int parsed;
              try {
                parsed = Integer.parseInt(v);
              } catch (NumberFormatException e) {
                throw new ConfigException(name + " must be a whole number: got '" + v + "'");
              }
              if (parsed < min || parsed > max) {
                throw new ConfigException(
                    name + " must be between " + min + " and " + max + ": got " + parsed);
              }
              return parsed;
            });
  }

  private static Optional<String> value(Map<String, String> env, String name) {
    return Optional.ofNullable(env.get(name)).map(String::strip).filter(v -> !v.isEmpty());
  }
}
