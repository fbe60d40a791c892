#!/usr/bin/env bash
# Every benchmark of this module, one after the other, into RESULTS.md: the echo servers under
# load, the codec (JMH), the upload homework's own benchmark. Called by the bench profile:
#
#   ./mvnw -pl benchmarks -am -Pbench verify                      # the full run (about 17 minutes)
#   ./mvnw -pl benchmarks -am -Pbench verify -Dbench.quick=true   # a quick run (a few minutes)
#
# or directly, once target/benchmarks.jar is built: benchmarks/run.sh [--quick]
# The JDK is $JAVA_HOME's (the profile passes the one running Maven). Loopback only; every
# server and load client it starts stops by itself after a bounded time.
set -euo pipefail
cd "$(dirname "$0")"
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
jar=target/benchmarks.jar
[ -f "$jar" ] || { echo "build first: ./mvnw -pl benchmarks -am package" >&2; exit 1; }

quick=
case "${1:-}" in
  --quick | --quick=true) quick=--quick ;;
  "" | --quick=false) ;;
  *) echo "usage: run.sh [--quick]" >&2; exit 2 ;;
esac
# The command line RESULTS.md shows, as it was typed. Under the bench profile (which sets
# BENCH_COMMAND), Maven's bin/mvn, which ./mvnw runs too, has exported its arguments as
# MAVEN_CMD_LINE_ARGS ("$MAVEN_CONFIG $@", so it may start with spaces); the profile's
# BENCH_COMMAND, its own spelling with -Dbench.quick=... spelled out, is only the fallback.
if [ -n "${BENCH_COMMAND:-}" ] && [ -n "${MAVEN_CMD_LINE_ARGS:-}" ] && [ -n "${MAVEN_CMD_LINE_ARGS//[[:space:]]/}" ]; then
  case "${BENCH_MAVEN_HOME:-}" in
    */wrapper/dists/*) mvn=./mvnw ;;  # the Maven that ./mvnw downloaded
    *) mvn=mvn ;;
  esac
  args=${MAVEN_CMD_LINE_ARGS#"${MAVEN_CMD_LINE_ARGS%%[![:space:]]*}"}
  command="$mvn $args"
else
  command=${BENCH_COMMAND:-benchmarks/run.sh${quick:+ --quick}}
fi

# 10,000 clients are 10,000 open files in the load client's JVM and as many in the server's.
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt 10100 ]; then
  echo "warning: ulimit -n is $(ulimit -n): the 10,000-client rows will have errors (raise it: ulimit -n 20000)" >&2
fi
exec "$java" -jar "$jar" run $quick --results RESULTS.md --homework-jar ../homework/upload/target/homework-upload.jar --command "$command"
