package dev.codebasemcp.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SearchTextTest {
  @Test
  void splitsIdentifiersIntoWords() {
    assertEquals(List.of("reverse", "string"), SearchText.words("reverseString"));
    assertEquals(List.of("reverse", "string"), SearchText.words("reverse_string"));
    assertEquals(List.of("string", "utils", "reverse"), SearchText.words("StringUtils.reverse"));
    assertEquals(
        List.of("http", "server", "2", "parse", "args"),
        SearchText.words("HTTPServer2.parse_args"));
    assertEquals(
        List.of("src", "main", "java", "app", "java"), SearchText.words("src/main/java/App.java"));
  }

  @Test
  void searchTextCarriesSymbolPathCodeAndSplitIdentifiers() {
    String text =
        SearchText.of(
            "src/StringUtils.java",
            "StringUtils.reverse",
            "static String reverseString(String s) {}");
    assertTrue(text.startsWith("string utils reverse "), text);
    assertTrue(text.contains("src string utils java"), text);
    assertTrue(text.contains("static String reverseString(String s) {}"), text);
    assertTrue(text.contains("reverse string"), text);
  }
}
