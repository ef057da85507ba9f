package demo.util;

import java.util.List;
import java.util.Map;

/** String helpers. */
public final class StringUtils {
  private static final int LIMIT = 10;

  private StringUtils() {}

  /** Reverses a string. */
  public static String reverse(String s) {
    return new StringBuilder(s).reverse().toString();
  }

  @Override
  public String toString() {
    return "StringUtils";
  }

  static class Inner {
    void method() {
      System.out.println("inner");
    }

    interface Callback {
      void call();
    }
  }

  enum Mode { FAST, SLOW }

  record Pair(String a, String b) {
    Pair {
      if (a == null) throw new IllegalArgumentException();
    }
  }
}
