package dev.codebasemcp.index.chunk;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.treesitter.TSNode;

/**
 * Recognises definitions in a syntax tree and names them. Symbols are dotted paths from the file's
 * outermost definition: {@code Outer.Inner.method}; C++ and Ruby {@code ::} becomes a dot too, and
 * a Go method is named by its receiver's type without pointer or type parameters, {@code
 * Server.Start} for both {@code func (s *Server) Start()} and {@code func (s Server) Start()}, so a
 * type and its methods share one prefix in every language. Not thread-safe: one per split.
 */
final class Definitions {
  /** A recognised definition; {@code node} is the definition itself, inside any wrapper. */
  record Definition(String symbol, String kind, TSNode node) {}

  private static final Set<String> SCRIPT_FUNCTION_VALUES =
      Set.of("arrow_function", "function_expression", "function", "generator_function");
  private static final Set<String> SCRIPT_CLASS_VALUES = Set.of("class", "class_expression");
  private static final int MAX_WRAPPER_DEPTH = 3;
  private static final int MAX_DECLARATOR_DEPTH = 8;

  private final Grammar grammar;
  private final byte[] utf8;

  Definitions(Grammar grammar, byte[] utf8) {
    this.grammar = grammar;
    this.utf8 = utf8;
  }

  /** The definition {@code node} (of type {@code type}) makes inside {@code scope}, or null. */
  Definition resolve(TSNode node, String type, Scope scope) {
    return resolve(node, type, scope, 0);
  }

  private Definition resolve(TSNode node, String type, Scope scope, int depth) {
    String kind = grammar.kind(type);
    if (kind == null) {
      if (grammar.isWrapper(type) && depth < MAX_WRAPPER_DEPTH) {
        return unwrap(node, scope, depth);
      }
      if (isScript()
          && (type.equals("lexical_declaration") || type.equals("variable_declaration"))) {
        return scriptVariable(node, scope);
      }
      return null;
    }
    String name = name(node, type);
    if (name == null || name.isEmpty()) {
      return null;
    }
    kind = refineKind(node, type, kind, name, scope);
    if (grammar == Grammar.GO && type.equals("method_declaration")) {
      String receiver = goReceiver(node);
      return new Definition(receiver == null ? name : receiver + "." + name, kind, node);
    }
    return new Definition(scope.qualify(name), kind, node);
  }

  private Definition unwrap(TSNode wrapper, Scope scope, int depth) {
    int count = Math.min(wrapper.getNamedChildCount(), 6);
    for (int i = 0; i < count; i++) {
      TSNode child = wrapper.getNamedChild(i);
      Definition inner = resolve(child, child.getType(), scope, depth + 1);
      if (inner != null) {
        return inner;
      }
    }
    return null;
  }

  // `const handler = async (req) => {...}` is how scripts define most functions.
  private Definition scriptVariable(TSNode declaration, Scope scope) {
    if (declaration.getNamedChildCount() != 1) {
      return null;
    }
    TSNode declarator = declaration.getNamedChild(0);
    TSNode value = field(declarator, "value");
    if (value == null) {
      return null;
    }
    String valueType = value.getType();
    String kind =
        SCRIPT_FUNCTION_VALUES.contains(valueType)
            ? (scope.isTypeLike() ? Kinds.METHOD : Kinds.FUNCTION)
            : SCRIPT_CLASS_VALUES.contains(valueType) ? Kinds.CLASS : null;
    TSNode name = field(declarator, "name");
    if (kind == null || name == null || !name.getType().equals("identifier")) {
      return null;
    }
    return new Definition(scope.qualify(text(name)), kind, declaration);
  }

  private String name(TSNode node, String type) {
    return switch (grammar) {
      case C, CPP ->
          switch (type) {
            case "function_definition" -> declaratorName(node);
            case "type_definition" -> text(field(node, "declarator"));
            case "namespace_definition" -> text(field(node, "name"));
            default -> field(node, "body") == null ? null : text(field(node, "name"));
          };
      case GO -> type.equals("type_declaration") ? goTypeName(node) : text(field(node, "name"));
      case RUST ->
          type.equals("impl_item") ? stripTypeArguments(text(field(node, "type"))) : named(node);
      case KOTLIN -> kotlinName(node, type);
      case PHP ->
          type.equals("namespace_definition") && field(node, "body") == null
              ? null
              : text(field(node, "name"));
      default -> text(field(node, "name"));
    };
  }

  private String named(TSNode node) {
    return text(field(node, "name"));
  }

  private String refineKind(TSNode node, String type, String kind, String name, Scope scope) {
    if (grammar == Grammar.GO && type.equals("type_declaration")) {
      return goTypeKind(node);
    }
    if ((grammar == Grammar.C || grammar == Grammar.CPP) && type.equals("type_definition")) {
      TSNode inner = field(node, "type");
      String innerType = inner == null ? "" : inner.getType();
      return innerType.equals("enum_specifier")
          ? Kinds.ENUM
          : innerType.endsWith("_specifier") && field(inner, "body") != null
              ? Kinds.STRUCT
              : Kinds.TYPE;
    }
    if (grammar == Grammar.KOTLIN && type.equals("class_declaration")) {
      String head = headText(node);
      return head.contains("interface")
          ? Kinds.INTERFACE
          : head.contains("enum ") ? Kinds.ENUM : kind;
    }
    if (kind.equals(Kinds.FUNCTION)
        && (scope.isTypeLike() || (grammar == Grammar.CPP && name.contains(".")))) {
      return Kinds.METHOD;
    }
    return kind;
  }

  // C and C++ hide a function's name in its declarator: `int *(*f)(void)`, `A::m() const`.
  private String declaratorName(TSNode function) {
    TSNode declarator = field(function, "declarator");
    for (int i = 0; declarator != null && i < MAX_DECLARATOR_DEPTH; i++) {
      if (declarator.getType().equals("function_declarator")) {
        return stripTypeArguments(text(field(declarator, "declarator")));
      }
      declarator = field(declarator, "declarator");
    }
    return null;
  }

  private String goReceiver(TSNode method) {
    TSNode receiver = field(method, "receiver");
    if (receiver == null || receiver.getNamedChildCount() == 0) {
      return null;
    }
    TSNode type = field(receiver.getNamedChild(0), "type");
    String text = text(type);
    return text == null ? null : stripTypeArguments(text.replace("*", "").strip());
  }

  // One `type X struct {...}` is a definition; a `type ( ... )` group of several is not.
  private String goTypeName(TSNode declaration) {
    TSNode spec = singleGoTypeSpec(declaration);
    return spec == null ? null : text(field(spec, "name"));
  }

  private String goTypeKind(TSNode declaration) {
    TSNode spec = singleGoTypeSpec(declaration);
    TSNode type = spec == null ? null : field(spec, "type");
    String typeName = type == null ? "" : type.getType();
    return switch (typeName) {
      case "struct_type" -> Kinds.STRUCT;
      case "interface_type" -> Kinds.INTERFACE;
      default -> Kinds.TYPE;
    };
  }

  private static TSNode singleGoTypeSpec(TSNode declaration) {
    if (declaration.getNamedChildCount() != 1) {
      return null;
    }
    TSNode spec = declaration.getNamedChild(0);
    String type = spec.getType();
    return type.equals("type_spec") || type.equals("type_alias") ? spec : null;
  }

  // The Kotlin grammar has no name fields: the name is the first identifier child.
  private String kotlinName(TSNode node, String type) {
    int count = Math.min(node.getNamedChildCount(), 4);
    for (int i = 0; i < count; i++) {
      TSNode child = node.getNamedChild(i);
      String childType = child.getType();
      if (childType.equals("type_identifier") || childType.equals("simple_identifier")) {
        return text(child);
      }
    }
    return type.equals("companion_object") ? "Companion" : null;
  }

  /** The definition's modifiers and keywords: its text up to the first brace or parenthesis. */
  private String headText(TSNode node) {
    int start = node.getStartByte();
    int end = Math.min(node.getEndByte(), start + 200);
    String head = new String(utf8, start, Math.max(0, end - start), StandardCharsets.UTF_8);
    for (char stop : new char[] {'{', '(', '='}) {
      int at = head.indexOf(stop);
      if (at >= 0) {
        head = head.substring(0, at);
      }
    }
    return head;
  }

  private boolean isScript() {
    return grammar == Grammar.JAVASCRIPT || grammar == Grammar.TYPESCRIPT || grammar == Grammar.TSX;
  }

  private static TSNode field(TSNode node, String name) {
    if (node == null) {
      return null;
    }
    TSNode child = node.getChildByFieldName(name);
    return child == null || child.isNull() ? null : child;
  }

  private String text(TSNode node) {
    if (node == null) {
      return null;
    }
    int start = node.getStartByte();
    int end = node.getEndByte();
    if (start < 0 || end > utf8.length || end <= start) {
      return null;
    }
    String raw = new String(utf8, start, end - start, StandardCharsets.UTF_8);
    return collapse(raw).replace("::", ".");
  }

  private static String collapse(String name) {
    StringBuilder out = new StringBuilder(name.length());
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!Character.isWhitespace(c)) {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** {@code Wrapper<T>} and {@code Box[T]} name the type {@code Wrapper} and {@code Box}. */
  static String stripTypeArguments(String name) {
    if (name == null) {
      return null;
    }
    int cut = name.length();
    for (char open : new char[] {'<', '['}) {
      int at = name.indexOf(open);
      if (at > 0 && at < cut) {
        cut = at;
      }
    }
    return name.substring(0, cut);
  }
}
