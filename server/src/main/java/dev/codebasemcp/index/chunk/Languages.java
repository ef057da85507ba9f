package dev.codebasemcp.index.chunk;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Which language a file is in, by its name: extension first, then a few well-known file names
 * ({@code Dockerfile}, {@code Makefile}, {@code Gemfile}...). Ids are lower-case words such as
 * {@code java}, {@code markdown}, {@code yaml}. A C/C++ header {@code .h} is read as C++, whose
 * grammar also parses C. Thread-safe (immutable tables).
 */
final class Languages {
  private static final Map<String, String> BY_EXTENSION =
      Map.ofEntries(
          Map.entry("java", "java"),
          Map.entry("py", "python"),
          Map.entry("pyi", "python"),
          Map.entry("js", "javascript"),
          Map.entry("jsx", "javascript"),
          Map.entry("mjs", "javascript"),
          Map.entry("cjs", "javascript"),
          Map.entry("ts", "typescript"),
          Map.entry("mts", "typescript"),
          Map.entry("cts", "typescript"),
          Map.entry("tsx", "tsx"),
          Map.entry("go", "go"),
          Map.entry("rs", "rust"),
          Map.entry("c", "c"),
          Map.entry("h", "cpp"),
          Map.entry("cc", "cpp"),
          Map.entry("cpp", "cpp"),
          Map.entry("cxx", "cpp"),
          Map.entry("c++", "cpp"),
          Map.entry("hh", "cpp"),
          Map.entry("hpp", "cpp"),
          Map.entry("hxx", "cpp"),
          Map.entry("cs", "csharp"),
          Map.entry("kt", "kotlin"),
          Map.entry("kts", "kotlin"),
          Map.entry("rb", "ruby"),
          Map.entry("rake", "ruby"),
          Map.entry("gemspec", "ruby"),
          Map.entry("php", "php"),
          Map.entry("swift", "swift"),
          Map.entry("scala", "scala"),
          Map.entry("groovy", "groovy"),
          Map.entry("gradle", "groovy"),
          Map.entry("lua", "lua"),
          Map.entry("dart", "dart"),
          Map.entry("ex", "elixir"),
          Map.entry("exs", "elixir"),
          Map.entry("erl", "erlang"),
          Map.entry("hs", "haskell"),
          Map.entry("clj", "clojure"),
          Map.entry("r", "r"),
          Map.entry("pl", "perl"),
          Map.entry("pm", "perl"),
          Map.entry("sh", "shell"),
          Map.entry("bash", "shell"),
          Map.entry("zsh", "shell"),
          Map.entry("ps1", "powershell"),
          Map.entry("sql", "sql"),
          Map.entry("md", "markdown"),
          Map.entry("markdown", "markdown"),
          Map.entry("mdx", "markdown"),
          Map.entry("rst", "restructuredtext"),
          Map.entry("adoc", "asciidoc"),
          Map.entry("txt", "text"),
          Map.entry("yml", "yaml"),
          Map.entry("yaml", "yaml"),
          Map.entry("json", "json"),
          Map.entry("jsonc", "json"),
          Map.entry("toml", "toml"),
          Map.entry("ini", "ini"),
          Map.entry("cfg", "ini"),
          Map.entry("properties", "properties"),
          Map.entry("xml", "xml"),
          Map.entry("xsd", "xml"),
          Map.entry("html", "html"),
          Map.entry("htm", "html"),
          Map.entry("css", "css"),
          Map.entry("scss", "css"),
          Map.entry("vue", "vue"),
          Map.entry("svelte", "svelte"),
          Map.entry("proto", "protobuf"),
          Map.entry("graphql", "graphql"),
          Map.entry("tf", "terraform"),
          Map.entry("mk", "makefile"),
          Map.entry("cmake", "cmake"),
          Map.entry("dockerfile", "dockerfile"));

  private static final Map<String, String> BY_NAME =
      Map.ofEntries(
          Map.entry("dockerfile", "dockerfile"),
          Map.entry("containerfile", "dockerfile"),
          Map.entry("makefile", "makefile"),
          Map.entry("gnumakefile", "makefile"),
          Map.entry("cmakelists.txt", "cmake"),
          Map.entry("gemfile", "ruby"),
          Map.entry("rakefile", "ruby"),
          Map.entry("vagrantfile", "ruby"),
          Map.entry("jenkinsfile", "groovy"),
          Map.entry(".bashrc", "shell"),
          Map.entry(".profile", "shell"),
          Map.entry(".zshrc", "shell"));

  private Languages() {}

  static Optional<String> of(String relativePath) {
    String name =
        relativePath.substring(relativePath.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
    String byName = BY_NAME.get(name);
    if (byName != null) {
      return Optional.of(byName);
    }
    if (name.startsWith("dockerfile.") || name.endsWith(".dockerfile")) {
      return Optional.of("dockerfile");
    }
    int dot = name.lastIndexOf('.');
    if (dot <= 0 || dot == name.length() - 1) {
      return Optional.empty();
    }
    return Optional.ofNullable(BY_EXTENSION.get(name.substring(dot + 1)));
  }

  /** The grammar that parses {@code language}, if one is bundled. */
  static Optional<Grammar> grammar(String language) {
    for (Grammar grammar : Grammar.values()) {
      if (grammar.id().equals(language)) {
        return Optional.of(grammar);
      }
    }
    return Optional.empty();
  }
}
