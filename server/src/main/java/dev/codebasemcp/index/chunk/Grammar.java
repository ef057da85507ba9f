package dev.codebasemcp.index.chunk;

import static dev.codebasemcp.index.chunk.Kinds.CLASS;
import static dev.codebasemcp.index.chunk.Kinds.ENUM;
import static dev.codebasemcp.index.chunk.Kinds.FUNCTION;
import static dev.codebasemcp.index.chunk.Kinds.IMPL;
import static dev.codebasemcp.index.chunk.Kinds.INTERFACE;
import static dev.codebasemcp.index.chunk.Kinds.MACRO;
import static dev.codebasemcp.index.chunk.Kinds.METHOD;
import static dev.codebasemcp.index.chunk.Kinds.MODULE;
import static dev.codebasemcp.index.chunk.Kinds.STRUCT;
import static dev.codebasemcp.index.chunk.Kinds.TRAIT;
import static dev.codebasemcp.index.chunk.Kinds.TYPE;

import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.treesitter.TSLanguage;
import org.treesitter.TSParser;
import org.treesitter.TreeSitterC;
import org.treesitter.TreeSitterCSharp;
import org.treesitter.TreeSitterCpp;
import org.treesitter.TreeSitterGo;
import org.treesitter.TreeSitterJava;
import org.treesitter.TreeSitterJavascript;
import org.treesitter.TreeSitterKotlin;
import org.treesitter.TreeSitterPhp;
import org.treesitter.TreeSitterPython;
import org.treesitter.TreeSitterRuby;
import org.treesitter.TreeSitterRust;
import org.treesitter.TreeSitterTsx;
import org.treesitter.TreeSitterTypescript;

/**
 * The tree-sitter grammars the chunker parses with, and for each the node types that are
 * definitions (with their kind) and the node types that only wrap one (decorators, {@code export},
 * C++ templates): a wrapper is named and cut like the definition inside it. Special naming rules
 * live in {@link Definitions}. The native grammar is loaded on first use; one that cannot load is
 * logged once and its files are cut into line windows. Thread-safe.
 */
enum Grammar {
  JAVA(
      "java",
      TreeSitterJava::new,
      Map.of(
          "class_declaration", CLASS,
          "interface_declaration", INTERFACE,
          "annotation_type_declaration", INTERFACE,
          "enum_declaration", ENUM,
          "record_declaration", CLASS,
          "method_declaration", METHOD,
          "constructor_declaration", METHOD,
          "compact_constructor_declaration", METHOD),
      Set.of()),
  PYTHON(
      "python",
      TreeSitterPython::new,
      Map.of("class_definition", CLASS, "function_definition", FUNCTION),
      Set.of("decorated_definition")),
  JAVASCRIPT("javascript", TreeSitterJavascript::new, Scripts.KINDS, Set.of("export_statement")),
  TYPESCRIPT("typescript", TreeSitterTypescript::new, Scripts.TYPED_KINDS, Scripts.TYPED_WRAPPERS),
  TSX("tsx", TreeSitterTsx::new, Scripts.TYPED_KINDS, Scripts.TYPED_WRAPPERS),
  GO(
      "go",
      TreeSitterGo::new,
      Map.of(
          "function_declaration", FUNCTION,
          "method_declaration", METHOD,
          "type_declaration", TYPE),
      Set.of()),
  RUST(
      "rust",
      TreeSitterRust::new,
      Map.ofEntries(
          Map.entry("function_item", FUNCTION),
          Map.entry("function_signature_item", FUNCTION),
          Map.entry("struct_item", STRUCT),
          Map.entry("union_item", STRUCT),
          Map.entry("enum_item", ENUM),
          Map.entry("trait_item", TRAIT),
          Map.entry("impl_item", IMPL),
          Map.entry("mod_item", MODULE),
          Map.entry("type_item", TYPE),
          Map.entry("macro_definition", MACRO)),
      Set.of()),
  C("c", TreeSitterC::new, CFamily.KINDS, Set.of()),
  // A nested `struct Ring {...};` is a field declaration in C++.
  CPP(
      "cpp",
      TreeSitterCpp::new,
      CFamily.CPP_KINDS,
      Set.of("template_declaration", "field_declaration")),
  CSHARP(
      "csharp",
      TreeSitterCSharp::new,
      Map.ofEntries(
          Map.entry("class_declaration", CLASS),
          Map.entry("record_declaration", CLASS),
          Map.entry("struct_declaration", STRUCT),
          Map.entry("record_struct_declaration", STRUCT),
          Map.entry("interface_declaration", INTERFACE),
          Map.entry("enum_declaration", ENUM),
          Map.entry("delegate_declaration", TYPE),
          Map.entry("method_declaration", METHOD),
          Map.entry("constructor_declaration", METHOD),
          Map.entry("destructor_declaration", METHOD),
          Map.entry("local_function_statement", FUNCTION),
          Map.entry("namespace_declaration", MODULE),
          Map.entry("file_scoped_namespace_declaration", MODULE)),
      Set.of()),
  KOTLIN(
      "kotlin",
      TreeSitterKotlin::new,
      Map.of(
          "class_declaration", CLASS,
          "object_declaration", CLASS,
          "companion_object", CLASS,
          "function_declaration", FUNCTION,
          "type_alias", TYPE),
      Set.of()),
  RUBY(
      "ruby",
      TreeSitterRuby::new,
      Map.of(
          "class", CLASS,
          "module", MODULE,
          "method", FUNCTION,
          "singleton_method", METHOD),
      Set.of()),
  PHP(
      "php",
      TreeSitterPhp::new,
      Map.of(
          "class_declaration", CLASS,
          "interface_declaration", INTERFACE,
          "trait_declaration", TRAIT,
          "enum_declaration", ENUM,
          "function_definition", FUNCTION,
          "method_declaration", METHOD,
          "namespace_definition", MODULE),
      Set.of());

  private static final Logger log = LoggerFactory.getLogger(Grammar.class);

  private final String id;
  private final Supplier<TSLanguage> loader;
  private final Map<String, String> kinds;
  private final Set<String> wrappers;
  private TSLanguage language;
  private boolean failed;

  Grammar(String id, Supplier<TSLanguage> loader, Map<String, String> kinds, Set<String> wrappers) {
    this.id = id;
    this.loader = loader;
    this.kinds = kinds;
    this.wrappers = wrappers;
  }

  /** The language id chunks carry, as {@link Chunker#language} returns it. */
  String id() {
    return id;
  }

  /** The kind of a definition node type, or null when the type is no definition. */
  String kind(String nodeType) {
    return kinds.get(nodeType);
  }

  boolean isWrapper(String nodeType) {
    return wrappers.contains(nodeType);
  }

  /**
   * Lines that belong to whatever follows them rather than being pieces of their own: comments (doc
   * comments, license headers) and Rust's outer attributes.
   */
  boolean attachesForward(String nodeType) {
    return nodeType.contains("comment") || (this == RUST && nodeType.equals("attribute_item"));
  }

  /** The loaded grammar, or null when its native library cannot be loaded here. */
  synchronized TSLanguage language() {
    if (language == null && !failed) {
      try {
        TSLanguage loaded = loader.get();
        int abi = loaded.abiVersion();
        if (abi < TSParser.TREE_SITTER_MIN_COMPATIBLE_LANGUAGE_VERSION
            || abi > TSParser.TREE_SITTER_LANGUAGE_VERSION) {
          throw new IllegalStateException(
              "ABI version "
                  + abi
                  + ", the runtime reads "
                  + TSParser.TREE_SITTER_MIN_COMPATIBLE_LANGUAGE_VERSION
                  + " to "
                  + TSParser.TREE_SITTER_LANGUAGE_VERSION);
        }
        language = loaded;
      } catch (RuntimeException | LinkageError e) {
        failed = true;
        log.warn(
            "tree-sitter grammar for {} cannot be loaded ({}): its files are cut into line windows",
            id,
            e.toString());
      }
    }
    return language;
  }

  /** Node kinds shared by JavaScript, TypeScript and TSX. */
  private static final class Scripts {
    static final Map<String, String> KINDS =
        Map.of(
            "class_declaration", CLASS,
            "function_declaration", FUNCTION,
            "generator_function_declaration", FUNCTION,
            "method_definition", METHOD);
    static final Map<String, String> TYPED_KINDS =
        Map.ofEntries(
            Map.entry("class_declaration", CLASS),
            Map.entry("abstract_class_declaration", CLASS),
            Map.entry("function_declaration", FUNCTION),
            Map.entry("generator_function_declaration", FUNCTION),
            Map.entry("function_signature", FUNCTION),
            Map.entry("method_definition", METHOD),
            Map.entry("method_signature", METHOD),
            Map.entry("abstract_method_signature", METHOD),
            Map.entry("interface_declaration", INTERFACE),
            Map.entry("type_alias_declaration", TYPE),
            Map.entry("enum_declaration", ENUM),
            Map.entry("internal_module", MODULE),
            Map.entry("module", MODULE));
    // `namespace N {}` is an expression statement; `declare ...` an ambient declaration.
    static final Set<String> TYPED_WRAPPERS =
        Set.of("export_statement", "expression_statement", "ambient_declaration");
  }

  /** Node kinds shared by C and C++. */
  private static final class CFamily {
    static final Map<String, String> KINDS =
        Map.of(
            "function_definition", FUNCTION,
            "struct_specifier", STRUCT,
            "union_specifier", STRUCT,
            "enum_specifier", ENUM,
            "type_definition", TYPE);
    static final Map<String, String> CPP_KINDS =
        Map.of(
            "function_definition", FUNCTION,
            "struct_specifier", STRUCT,
            "union_specifier", STRUCT,
            "enum_specifier", ENUM,
            "type_definition", TYPE,
            "class_specifier", CLASS,
            "namespace_definition", MODULE);
  }
}
