package dev.codebasemcp.index.chunk;

/**
 * A definition whose body was cut into pieces, or the file itself ({@link #FILE}). Each scope cut
 * gets its own id, so two classes with one name are still two scopes.
 *
 * @param id unique within one split
 * @param symbol symbol path of the definition, null for the file
 * @param kind kind of the definition, null for the file
 */
record Scope(int id, String symbol, String kind) {
  static final Scope FILE = new Scope(0, null, null);

  /** Whether definitions directly inside are members (methods rather than functions). */
  boolean isTypeLike() {
    return kind != null
        && switch (kind) {
          case Kinds.CLASS, Kinds.INTERFACE, Kinds.ENUM, Kinds.STRUCT, Kinds.TRAIT, Kinds.IMPL ->
              true;
          default -> false;
        };
  }

  /** {@code name} qualified by this scope: {@code Outer.Inner.method}. */
  String qualify(String name) {
    return symbol == null ? name : symbol + "." + name;
  }
}
