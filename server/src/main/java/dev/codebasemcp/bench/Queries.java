package dev.codebasemcp.bench;

import java.util.List;

/**
 * Search queries for the latency measurement: plain-English questions and identifiers, as an
 * assistant asks them.
 */
final class Queries {
  private Queries() {}

  static List<String> all() {
    return List.of(
        "parse a date from a string",
        "reverse a string",
        "how does HashMap resize its table",
        "read all bytes from a file",
        "shut down a thread pool and wait for tasks",
        "compute a SHA-256 message digest",
        "URL encode a string",
        "sort a list with a comparator",
        "round a BigDecimal",
        "ConcurrentHashMap.computeIfAbsent",
        "Integer.parseInt",
        "StringBuilder reverse",
        "decode UTF-8 bytes into characters",
        "regular expression matcher find next match",
        "connect a socket with a timeout",
        "list the entries of a zip file",
        "base64 decoder",
        "format a number for a locale",
        "random UUID",
        "atomic compare and set",
        "load a properties file",
        "copy an array",
        "split a string around matches of a regex",
        "LambdaMetafactory",
        "class loader finds a class by name",
        "serialize an object to a stream",
        "where is the default charset determined",
        "check that an index is within bounds",
        "requireNonNull",
        "walk a file tree",
        "schedule a task at a fixed rate",
        "compare two strings ignoring case",
        "hash code of an array",
        "convert a string to upper case",
        "parse command line arguments",
        "lock with a timeout",
        "read lines from a buffered reader",
        "time zone offset rules",
        "gzip compress a stream",
        "weak reference queue");
  }
}
