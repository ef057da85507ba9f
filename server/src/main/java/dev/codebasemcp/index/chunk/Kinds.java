package dev.codebasemcp.index.chunk;

/**
 * The words {@link Chunk#kind()} takes: one small vocabulary for every language, so that search can
 * filter on it (a Java record is a {@code class}, a constructor a {@code method}, a C++ namespace,
 * a Rust {@code mod} and a Ruby module a {@code module}). Constants only.
 */
public final class Kinds {
  public static final String MODULE = "module";
  public static final String CLASS = "class";
  public static final String INTERFACE = "interface";
  public static final String ENUM = "enum";
  public static final String STRUCT = "struct";
  public static final String TRAIT = "trait";
  public static final String IMPL = "impl";
  public static final String TYPE = "type";
  public static final String FUNCTION = "function";
  public static final String METHOD = "method";
  public static final String MACRO = "macro";

  /** A Markdown section, named by its heading path ({@code Install > Linux}). */
  public static final String SECTION = "section";

  private Kinds() {}
}
