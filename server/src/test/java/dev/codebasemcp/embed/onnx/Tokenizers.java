package dev.codebasemcp.embed.onnx;

/** The tokenizer that ships with the built-in model, loaded once for the tests. */
final class Tokenizers {
  static final WordPieceTokenizer MINILM =
      WordPieceTokenizer.fromTokenizerJson(
          OnnxEmbedder.class.getResourceAsStream(OnnxEmbedder.TOKENIZER_RESOURCE),
          OnnxEmbedder.TOKENIZER_RESOURCE);

  private Tokenizers() {}
}
