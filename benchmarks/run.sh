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
upload_jar=../homework/upload/target/homework-upload.jar
"$java" -jar "$jar" run $quick --results RESULTS.md --homework-jar "$upload_jar" --command "$command"

# Then what a user would pick instead of the upload (issue 17): the upload homework's
# rsync-bench.sh (rsync --partial in daemon mode on loopback, beside upload-bench in one run),
# its table appended to RESULTS.md. Skipped, and said so, without rsync or the jar; never fatal.
if [ -n "$quick" ]; then mib=64 repeat=1; else mib=1024 repeat=3; fi
{
  printf '\n## Upload beside rsync\n\n'
  if ! command -v rsync > /dev/null; then
    echo "(not run: rsync is not installed; Debian: apt-get install rsync)"
  elif [ ! -f "$upload_jar" ]; then
    echo "(not run: no $upload_jar; build it: ./mvnw -pl homework/upload -am package)"
  else
    echo "Run after the rest, with the same JDK: the upload homework's \`rsync-bench.sh\`. $(date -u +%Y-%m-%dT%H:%M:%SZ), load average before: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)."
    echo
    if out=$(PATH="${JAVA_HOME:+$JAVA_HOME/bin:}$PATH" MIB=$mib REPEAT=$repeat JAR=$upload_jar timeout 900 sh ../homework/upload/rsync-bench.sh); then
      echo "$out"
    else
      echo "(rsync-bench.sh failed; its messages went to the console)"
    fi
  fi
} >> RESULTS.md
