# shellcheck shell=bash
# Finds a JDK >= 21 for codebase-mcp's scripts. Source it, then call find_jdk: it prints the JDK's
# home on stdout, or explains on stderr what is missing and returns 1.
#
# Looks at $JAVA_HOME, the java on PATH, then the usual install places (Debian's /usr/lib/jvm,
# macOS's /Library/Java/JavaVirtualMachines, SDKMAN). CODEBASE_MCP_JDK_SEARCH_PATH, a colon-separated
# list of directories holding JDKs, replaces those install places.

CODEBASE_MCP_MIN_JAVA=21

# Prints the feature version (17, 21, 25, ...) of the JDK at $1, or nothing.
jdk_feature_version() {
  local home=$1 version=""
  [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || return 0
  if [ -f "$home/release" ]; then
    version=$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$home/release")
  fi
  if [ -z "$version" ]; then
    version=$("$home/bin/java" -version 2>&1 | sed -n 's/.* version "\([^"]*\)".*/\1/p' | head -n 1)
  fi
  version=${version#1.}
  printf '%s\n' "${version%%[.+-]*}"
}

# Resolves symlinks portably (macOS has no readlink -f before 12.3).
resolve_path() {
  local path=$1
  while [ -L "$path" ]; do
    local target
    target=$(readlink "$path")
    case $target in
      /*) path=$target ;;
      *) path=$(dirname "$path")/$target ;;
    esac
  done
  printf '%s\n' "$path"
}

find_jdk() {
  local candidates=() seen=() dir home version
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if command -v java >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(resolve_path "$(command -v java)")")")")
  fi
  local search=${CODEBASE_MCP_JDK_SEARCH_PATH-/usr/lib/jvm:/Library/Java/JavaVirtualMachines:$HOME/.sdkman/candidates/java}
  local IFS=:
  for dir in $search; do
    [ -d "$dir" ] || continue
    for home in "$dir"/*; do
      [ -d "$home/Contents/Home" ] && home=$home/Contents/Home
      candidates+=("$home")
    done
  done
  unset IFS
  local best="" best_version=0
  for home in "${candidates[@]}"; do
    version=$(jdk_feature_version "$home")
    seen+=("$home${version:+ (Java $version)}")
    if [ -n "$version" ] && [ "$version" -ge "$CODEBASE_MCP_MIN_JAVA" ] 2>/dev/null; then
      # JAVA_HOME wins when it is good enough; otherwise the newest JDK found.
      if [ -n "${JAVA_HOME:-}" ] && [ "$home" = "$JAVA_HOME" ]; then
        printf '%s\n' "$home"
        return 0
      fi
      if [ "$version" -gt "$best_version" ]; then
        best=$home
        best_version=$version
      fi
    fi
  done
  if [ -n "$best" ]; then
    printf '%s\n' "$best"
    return 0
  fi
  {
    echo "codebase-mcp: needs a JDK $CODEBASE_MCP_MIN_JAVA or newer (java and javac), and found none."
    if [ ${#seen[@]} -gt 0 ]; then
      echo "  looked at: ${seen[*]}"
    fi
    echo "  Install one (Debian/Ubuntu: apt-get install openjdk-21-jdk-headless or newer; macOS: brew install openjdk@21),"
    echo "  or set JAVA_HOME to a JDK $CODEBASE_MCP_MIN_JAVA+."
  } >&2
  return 1
}
