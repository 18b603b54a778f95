#!/usr/bin/env bash
# Starts the whole IM server locally: embedded PostgreSQL, in-JVM Kafka and every service, then prints the URL.
# Builds first when a jar is missing or any source/pom is newer than the launcher. Ctrl-C stops everything.
# Configuration: environment variables, see README.md ("Configuration").
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"

LAUNCHER="deploy/target/im-launcher.jar"
SERVICES=(user-service group-service messaging-service media-service gateway-service)

if ! command -v java >/dev/null 2>&1; then
  echo "Java 17 or newer is required (no 'java' on PATH)." >&2
  exit 1
fi
JAVA_MAJOR="$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | cut -d. -f1)"
if [ -n "$JAVA_MAJOR" ] && [ "$JAVA_MAJOR" -lt 17 ] 2>/dev/null; then
  echo "Java 17 or newer is required (found $JAVA_MAJOR)." >&2
  exit 1
fi

needs_build() {
  [ -f "$LAUNCHER" ] || return 0
  local service
  for service in "${SERVICES[@]}"; do
    [ -f "$service/target/$service.jar" ] || return 0
  done
  # any source file or pom newer than the launcher jar (build output, git and runtime data are not sources)
  [ -n "$(find . \( -name target -o -name .git -o -name .data -o -name node_modules \) -prune -o \
            \( -path '*/src/*' -o -name pom.xml \) -type f -newer "$LAUNCHER" -print -quit)" ]
}

if needs_build; then
  echo "Building (./mvnw -q -DskipTests package) ..."
  ./mvnw -q -DskipTests package
  touch "$LAUNCHER"
fi

exec java -jar "$LAUNCHER" "$@"
