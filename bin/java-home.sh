# Sourced by herd's scripts: sets JAVA_HOME to a JDK of version 21 or newer.
java_major() {
  local v
  v="$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" 2>/dev/null)"
  [[ -n "$v" ]] || v="$("$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p')"
  echo "$v"
}
pick_java_home() {
  local candidate major
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-* /usr/lib/jvm/temurin-2[1-9]-jdk-* /usr/lib/jvm/*; do
    [[ -n "$candidate" && -x "$candidate/bin/java" ]] || continue
    major="$(java_major "$candidate")"
    if [[ "$major" =~ ^[0-9]+$ ]] && (( major >= 21 )); then
      echo "$candidate"; return 0
    fi
  done
  return 1
}
if ! JAVA_HOME="$(pick_java_home)"; then
  echo "herd needs a JDK 21 or newer; none found in JAVA_HOME or /usr/lib/jvm" >&2
  exit 1
fi
export JAVA_HOME
