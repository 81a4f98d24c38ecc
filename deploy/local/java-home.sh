# Sourced by ./dev-stack and .ci/run: makes JAVA_HOME point at a JDK of release 21 or newer.
# Keeps a JAVA_HOME that already qualifies; otherwise tries `java` on the PATH, then the JDKs
# installed under /usr/lib/jvm and /opt (newest first).

care_java_release() {
  local settings
  settings=$("$1/bin/java" -XshowSettings:properties -version 2>&1) || return 0
  printf '%s\n' "$settings" | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p'
}

care_pick_jdk() {
  local candidate release
  local candidates=()
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if command -v java >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
  fi
  for candidate in $(ls -d /usr/lib/jvm/*/ /opt/*jdk*/ /opt/java/*/ 2>/dev/null | sort -rV); do
    candidates+=("${candidate%/}")
  done
  for candidate in "${candidates[@]}"; do
    [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] || continue
    release=$(care_java_release "$candidate")
    if [ -n "$release" ] && [ "$release" -ge 21 ] 2>/dev/null; then
      export JAVA_HOME="$candidate"
      export PATH="$JAVA_HOME/bin:$PATH"
      return 0
    fi
  done
  echo "No JDK 21 or newer found. Install one (for example: apt-get install openjdk-21-jdk-headless)" >&2
  echo "or set JAVA_HOME to it." >&2
  return 1
}
