package dev.codebasemcp.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.codebasemcp.config.Config;
import dev.codebasemcp.config.ConfigException;
import dev.codebasemcp.embed.EmbeddingSettings.Provider;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class EmbeddingSettingsTest {
  @Test
  void withNoSettingsTheBuiltInModelUsesEveryCore() {
    EmbeddingSettings settings = EmbeddingSettings.fromEnvironment(Map.of());
    assertEquals(Provider.ONNX, settings.provider());
    assertEquals("all-minilm-l6-v2-q", settings.model());
    assertEquals("all-minilm-l6-v2-q", settings.modelId());
    assertEquals(Runtime.getRuntime().availableProcessors(), settings.threads());
    assertEquals(Optional.empty(), settings.url());
    assertEquals(256, settings.maxTokens());
    assertEquals(List.of(), settings.warnings());
  }

  @Test
  void theBuiltInModelMayBeNamedAndGivenThreads() {
    EmbeddingSettings settings =
        EmbeddingSettings.fromEnvironment(
            Map.of(
                EmbeddingSettings.PROVIDER, "ONNX",
                EmbeddingSettings.MODEL, "all-minilm-l6-v2-q",
                EmbeddingSettings.THREADS, "3"));
    assertEquals(3, settings.threads());
  }

  @Test
  void ollamaDefaultsToTheLocalServerAndNomicEmbedText() {
    EmbeddingSettings settings =
        EmbeddingSettings.fromEnvironment(Map.of(EmbeddingSettings.PROVIDER, "ollama"));
    assertEquals(Provider.OLLAMA, settings.provider());
    assertEquals(URI.create("http://localhost:11434"), settings.url().orElseThrow());
    assertEquals("ollama:nomic-embed-text", settings.modelId());
    assertEquals(32, settings.batchSize());
    assertEquals(Duration.ofSeconds(120), settings.timeout());
    assertEquals(OptionalInt.empty(), settings.dimension());
  }

  @Test
  void readsEveryRemoteSetting() {
    EmbeddingSettings settings =
        EmbeddingSettings.fromEnvironment(
            Map.of(
                EmbeddingSettings.PROVIDER, "openai",
                EmbeddingSettings.MODEL, "BAAI/bge-small-en-v1.5",
                EmbeddingSettings.URL, "http://localhost:8080",
                EmbeddingSettings.API_KEY, "sk-secret",
                EmbeddingSettings.BATCH_SIZE, "64",
                EmbeddingSettings.TIMEOUT_SECONDS, "30",
                EmbeddingSettings.DIMENSION, "384",
                EmbeddingSettings.MAX_TOKENS, "512"));
    assertEquals("openai:BAAI/bge-small-en-v1.5", settings.modelId());
    assertEquals(Optional.of("sk-secret"), settings.apiKey());
    assertEquals(64, settings.batchSize());
    assertEquals(Duration.ofSeconds(30), settings.timeout());
    assertEquals(OptionalInt.of(384), settings.dimension());
    assertEquals(512, settings.maxTokens());
    assertFalse(settings.toString().contains("sk-secret"), settings.toString());
  }

  @Test
  void settingsThatDoNotApplyAreWarnedAbout() {
    EmbeddingSettings onnx =
        EmbeddingSettings.fromEnvironment(
            Map.of(EmbeddingSettings.BATCH_SIZE, "8", EmbeddingSettings.DIMENSION, "384"));
    assertEquals(2, onnx.warnings().size());
    assertTrue(onnx.warnings().get(0).contains(EmbeddingSettings.BATCH_SIZE));
    EmbeddingSettings ollama =
        EmbeddingSettings.fromEnvironment(
            Map.of(EmbeddingSettings.PROVIDER, "ollama", EmbeddingSettings.THREADS, "2"));
    assertTrue(ollama.warnings().get(0).contains(EmbeddingSettings.THREADS));
  }

  @Test
  void badValuesNameTheVariable() {
    assertMessage(
        Map.of(EmbeddingSettings.PROVIDER, "huggingface"),
        "CODEBASE_MCP_EMBEDDING_PROVIDER must be one of onnx, ollama, openai: got 'huggingface'");
    assertMessage(
        Map.of(EmbeddingSettings.MODEL, "nomic-embed-text"),
        "CODEBASE_MCP_EMBEDDING_MODEL must be all-minilm-l6-v2-q (the built-in model) or unset"
            + " when CODEBASE_MCP_EMBEDDING_PROVIDER is onnx");
    assertMessage(
        Map.of(EmbeddingSettings.URL, "http://localhost:11434"),
        "CODEBASE_MCP_EMBEDDING_URL is set, but the built-in model needs no server");
    assertMessage(
        Map.of(EmbeddingSettings.API_KEY, "sk-secret"),
        "CODEBASE_MCP_EMBEDDING_API_KEY is set, but the built-in model needs no server");
    assertMessage(
        Map.of(EmbeddingSettings.PROVIDER, "openai", EmbeddingSettings.URL, "http://h:8080"),
        "CODEBASE_MCP_EMBEDDING_MODEL is required when CODEBASE_MCP_EMBEDDING_PROVIDER is openai");
    assertMessage(
        Map.of(EmbeddingSettings.PROVIDER, "openai", EmbeddingSettings.MODEL, "m"),
        "CODEBASE_MCP_EMBEDDING_URL is required when CODEBASE_MCP_EMBEDDING_PROVIDER is openai");
    assertMessage(
        Map.of(EmbeddingSettings.PROVIDER, "ollama", EmbeddingSettings.URL, "localhost:11434"),
        "CODEBASE_MCP_EMBEDDING_URL must be an http:// or https:// URL with a host");
    assertMessage(
        Map.of(EmbeddingSettings.PROVIDER, "ollama", EmbeddingSettings.URL, "http://h/?a=b"),
        "CODEBASE_MCP_EMBEDDING_URL must be a base URL without query or fragment");
    assertMessage(
        Map.of(EmbeddingSettings.PROVIDER, "ollama", EmbeddingSettings.URL, "http://bad host"),
        "CODEBASE_MCP_EMBEDDING_URL is not a valid URL");
    assertMessage(
        Map.of(EmbeddingSettings.THREADS, "many"),
        "CODEBASE_MCP_EMBEDDING_THREADS must be a whole number: got 'many'");
    assertMessage(
        Map.of(EmbeddingSettings.THREADS, "0"),
        "CODEBASE_MCP_EMBEDDING_THREADS must be between 1 and 256: got 0");
    assertMessage(
        Map.of(EmbeddingSettings.PROVIDER, "ollama", EmbeddingSettings.BATCH_SIZE, "0"),
        "CODEBASE_MCP_EMBEDDING_BATCH_SIZE must be between 1 and 2048: got 0");
    assertMessage(
        Map.of(EmbeddingSettings.PROVIDER, "ollama", EmbeddingSettings.TIMEOUT_SECONDS, "-1"),
        "CODEBASE_MCP_EMBEDDING_TIMEOUT_SECONDS must be between 1 and 3600: got -1");
    assertMessage(
        Map.of(EmbeddingSettings.PROVIDER, "ollama", EmbeddingSettings.DIMENSION, "1.5"),
        "CODEBASE_MCP_EMBEDDING_DIMENSION must be a whole number: got '1.5'");
  }

  @Test
  void blankValuesMeanUnset() {
    EmbeddingSettings settings =
        EmbeddingSettings.fromEnvironment(
            Map.of(EmbeddingSettings.PROVIDER, " ", EmbeddingSettings.URL, ""));
    assertEquals(Provider.ONNX, settings.provider());
  }

  @Test
  void configKnowsEveryEmbeddingVariable() {
    assertTrue(
        Config.KNOWN.containsAll(EmbeddingSettings.VARIABLES),
        "Config.KNOWN lacks some of " + EmbeddingSettings.VARIABLES);
    Config config =
        Config.fromEnvironment(Map.of(EmbeddingSettings.PROVIDER, "ollama"), "/home/ada");
    assertEquals(List.of(), config.warnings());
  }

  private static void assertMessage(Map<String, String> env, String expected) {
    ConfigException e =
        assertThrows(ConfigException.class, () -> EmbeddingSettings.fromEnvironment(env));
    assertTrue(e.getMessage().startsWith(expected), e.getMessage());
  }
}
