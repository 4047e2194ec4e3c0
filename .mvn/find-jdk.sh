# Sourced (POSIX sh) by ./mvnw, ./caduceus and .ci/run: points JAVA_HOME at a JDK >= 21.
# Order: $JAVA_HOME if it is new enough, then well-known install locations, then `java` on PATH.
# Fails with a message that says what is missing instead of letting the build die later
# on "release version 21 not supported".

caduceus_java_major() {
  # prints the feature version of the JDK at $1 (e.g. 25), or nothing
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 0
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1
}

caduceus_find_jdk() {
  # mvnw runs with `set -f`; the globs below need expansion
  case $- in *f*) set +f; caduceus_noglob=1 ;; *) caduceus_noglob= ;; esac
  for candidate in "${JAVA_HOME-}" \
    /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-21-jdk-amd64 \
    /usr/lib/jvm/java-25-openjdk-amd64 /usr/lib/jvm/java-21-openjdk-amd64 \
    /usr/lib/jvm/*-2[1-9]* /usr/lib/jvm/*-3[0-9]* \
    /Library/Java/JavaVirtualMachines/*/Contents/Home \
    /opt/java/openjdk \
    "$(dirname "$(dirname "$(readlink -f "$(command -v javac 2>/dev/null || echo /nonexistent)")")")"; do
    [ -n "$candidate" ] && [ -d "$candidate" ] || continue
    major=$(caduceus_java_major "$candidate")
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then
      printf '%s\n' "$candidate"
      [ -z "$caduceus_noglob" ] || set -f
      return 0
    fi
  done
  [ -z "$caduceus_noglob" ] || set -f
  return 1
}

if CADUCEUS_JDK=$(caduceus_find_jdk); then
  JAVA_HOME=$CADUCEUS_JDK
  export JAVA_HOME
else
  echo "caduceus: no JDK 21 or newer found." >&2
  echo "  Looked at \$JAVA_HOME (${JAVA_HOME:-unset}), /usr/lib/jvm/*, /opt/java/openjdk and the javac on PATH." >&2
  echo "  Install one (e.g. 'apt-get install openjdk-21-jdk' or Temurin 21/25) or set JAVA_HOME to it." >&2
  exit 1
fi
