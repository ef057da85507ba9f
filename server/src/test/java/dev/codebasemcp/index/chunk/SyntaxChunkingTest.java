package dev.codebasemcp.index.chunk;

import static dev.codebasemcp.index.chunk.ChunkAssertions.assertWellFormed;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Chunk boundaries, symbols and kinds per language, on small realistic fixtures. The budget is tiny
 * (40 tokens of four characters) so that classes are cut into their members.
 */
class SyntaxChunkingTest {
  private static final Chunker CHUNKER = new Chunker(40, s -> s.length() / 4);

  /** Each chunk as "first-last symbol kind". */
  static List<String> outline(String path, String text, Chunker chunker) {
    List<Chunk> chunks = chunker.split(path, text);
    assertWellFormed(text, chunks);
    return chunks.stream()
        .map(c -> c.startLine() + "-" + c.endLine() + " " + c.symbol() + " " + c.kind())
        .toList();
  }

  private static List<String> outline(String fixture) {
    List<Chunk> chunks = CHUNKER.split("src/" + fixture, fixture(fixture));
    String language = Chunker.language(fixture).orElseThrow();
    for (Chunk chunk : chunks) {
      assertEquals(language, chunk.language());
    }
    return outline("src/" + fixture, fixture(fixture), CHUNKER);
  }

  static String fixture(String name) {
    try (InputStream in = SyntaxChunkingTest.class.getResourceAsStream("/chunk/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void javaMembersCarryTheirClassPath() {
    assertEquals(
        List.of(
            "1-4 null null",
            "6-10 StringUtils class",
            "12-15 StringUtils.reverse method",
            "17-20 StringUtils.toString method",
            "22-30 StringUtils.Inner class",
            "32-32 StringUtils.Mode enum",
            "34-39 StringUtils.Pair class"),
        outline("Sample.java"));
  }

  @Test
  void pythonMethodsKeepDecoratorsAndNestedClassesTheirPath() {
    assertEquals(
        List.of(
            "1-3 null null",
            "6-9 Point class",
            "12-13 Circle class",
            "15-16 Circle.__init__ method",
            "18-20 Circle.area method",
            "22-24 Circle.Ring class",
            "27-30 helper function",
            "33-34 null null"),
        outline("sample.py"));
  }

  @Test
  void goMethodsAreNamedByReceiverTypeWithoutPointer() {
    assertEquals(
        List.of(
            "1-6 null null",
            "8-11 Server struct",
            "13-15 Handler interface",
            "17-17 ID type",
            "19-22 Server.Start method",
            "24-24 Server.Addr method",
            "26-29 New function"),
        outline("sample.go"));
  }

  @Test
  void rustImplsTraitsAndModulesAreDefinitions() {
    assertEquals(
        List.of(
            "1-1 null null",
            "3-8 Point struct",
            "10-13 Shape enum",
            "15-17 Area trait",
            "19-19 Shape impl",
            "20-26 Shape impl",
            "28-32 Wrapper impl",
            "34-38 inner module",
            "40-40 Pair type",
            "42-44 square macro",
            "46-48 main function"),
        outline("sample.rs"));
  }

  @Test
  void javascriptExportsAndArrowFunctionsAreNamed() {
    assertEquals(
        List.of(
            "1-1 null null",
            "3-4 Circle class",
            "5-16 Circle class",
            "18-20 helper function",
            "22-32 null null"),
        outline("sample.js"));
  }

  @Test
  void typescriptInterfacesTypesEnumsAndNamespacesAreDefinitions() {
    assertEquals(
        List.of(
            "1-1 null null",
            "3-5 Shape interface",
            "7-7 Pair type",
            "9-9 Color enum",
            "11-15 Geo module",
            "17-18 Circle class",
            "19-28 Circle class",
            "30-32 Base class",
            "34-34 makeCircle function"),
        outline("sample.ts"));
  }

  @Test
  void tsxComponentsAreFunctionsAndClasses() {
    assertEquals(
        List.of(
            "1-1 null null",
            "3-3 Props interface",
            "5-7 Hello function",
            "9-9 Bye function",
            "11-15 Counter class"),
        outline("sample.tsx"));
  }

  @Test
  void cStructsTypedefsEnumsAndFunctions() {
    assertEquals(
        List.of(
            "1-1 null null",
            "3-7 point struct",
            "9-11 circle struct",
            "13-13 color enum",
            "15-17 add function",
            "19-22 main function"),
        outline("sample.c"));
  }

  @Test
  void cppNamespacesClassesAndOutOfLineMethods() {
    assertEquals(
        List.of(
            "1-1 null null",
            "3-3 geo module",
            "5-9 geo.Shape class",
            "11-12 geo.Circle class",
            "13-13 geo.Circle.Circle method",
            "14-14 geo.Circle class",
            "16-19 geo.Circle.Ring struct",
            "21-23 geo.Circle class",
            "25-25 geo.Circle.area method",
            "27-32 geo.twice function",
            "34-34 main function"),
        outline("sample.cpp"));
  }

  @Test
  void csharpNamespacesQualifyTypesAndMembers() {
    assertEquals(
        List.of(
            "1-1 null null",
            "3-3 Demo.Shapes module",
            "4-6 Demo.Shapes.IShape interface",
            "8-10 Demo.Shapes.Circle class",
            "11-11 Demo.Shapes.Circle.Circle method",
            "12-12 Demo.Shapes.Circle.Area method",
            "14-19 Demo.Shapes.Circle.Ring class",
            "21-21 Demo.Shapes.Point struct",
            "22-22 Demo.Shapes.Color enum",
            "23-24 Demo.Shapes.Pair class"),
        outline("sample.cs"));
  }

  @Test
  void kotlinClassesObjectsAndCompanionsAreNamed() {
    assertEquals(
        List.of(
            "1-5 null null",
            "6-8 Shape interface",
            "10-10 Point class",
            "12-12 Circle class",
            "13-13 Circle.area method",
            "15-17 Circle.Companion class",
            "19-22 Circle.Ring class",
            "24-27 Registry class",
            "29-29 Color enum",
            "31-33 main function"),
        outline("Sample.kt"));
  }

  @Test
  void rubyModulesClassesAndSingletonMethods() {
    Chunker small = new Chunker(20, s -> s.length() / 4);
    assertEquals(
        List.of(
            "1-1 null null",
            "3-3 Shapes module",
            "4-6 Shapes.Circle class",
            "8-10 Shapes.Circle.initialize method",
            "12-14 Shapes.Circle.area method",
            "16-20 Shapes.Circle.unit method",
            "22-24 helper function"),
        outline("src/sample.rb", fixture("sample.rb"), small));
  }

  @Test
  void phpNamespacesTraitsAndMethods() {
    assertEquals(
        List.of(
            "1-4 null null",
            "6-6 HasArea interface",
            "8-8 Named trait",
            "10-14 Circle class",
            "16-16 Circle.__construct method",
            "18-22 Circle.area method",
            "24-24 Color enum",
            "26-26 helper function"),
        outline("sample.php"));
  }

  @Test
  void aLargerBudgetMergesSmallNeighboursUnderTheirScope() {
    Chunker roomy = new Chunker(120, s -> s.length() / 4);
    assertEquals(
        List.of("1-9 Point class", "12-24 Circle class", "27-34 helper function"),
        outline("src/sample.py", fixture("sample.py"), roomy));
  }
}
