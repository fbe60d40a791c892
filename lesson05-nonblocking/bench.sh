#!/usr/bin/env bash
# The README's table: thread per connection vs selector (and virtual threads, when the jar has
# them and the JDK is 21+) at 100, 1,000 and 10,000 clients. Each server runs in a JVM of its
# own and the load client in another (10,000 connections need 10,000 file descriptors on each
# side). Loopback only. Every run is bounded: the load stops itself, and each server is started
# with --stop-after, so nothing outlives the script even if it is interrupted.
#
#   JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 ./mvnw -q -pl lesson05-nonblocking -am package -DskipTests
#   JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 lesson05-nonblocking/bench.sh [SECONDS]
#
# SECONDS is the measured time per row (default 5), after all connections are open and a
# 2-second warm-up. Peak server threads and resident memory come from /proc/PID/status
# (Threads, sampled every 0.2 s; VmHWM, the kernel's own peak of VmRSS).
set -euo pipefail
cd "$(dirname "$0")"
jar=target/lesson05-nonblocking.jar
seconds=${1:-5}
warmup=2
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
[ -f "$jar" ] || { echo "build first: ./mvnw -q -pl lesson05-nonblocking -am package -DskipTests" >&2; exit 1; }

servers="thread-server server"
if vt=$("$java" -jar "$jar" vt-server --port 0 --stop-after 0.01 2>&1); then
  servers="thread-server vt-server server"
else
  echo "(no virtual-thread rows: ${vt#error: })" >&2
fi

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo) RAM, $("$java" -version 2>&1 | head -n 1), open files limit $(ulimit -n)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) (other processes on this machine compete for the same cores)"
echo "command: lesson05-nonblocking/bench.sh $seconds  (warm-up ${warmup} s after all connections are open, then ${seconds} s measured per row; load and server share the cores)"
echo
echo "| server | clients | messages/s | p50 µs | p99 µs | errors | server threads (peak) | server RSS MiB (peak) |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for clients in 100 1000 10000; do
  for server in $servers; do
    "$java" -jar "$jar" "$server" --port 0 --stop-after $((warmup + seconds + 90)) >"$tmp/server" 2>&1 &
    pid=$!
    for _ in $(seq 100); do grep -q "listening on" "$tmp/server" && break; sleep 0.1; done
    port=$(sed -n 's/^listening on [0-9.]*:\([0-9]*\)$/\1/p' "$tmp/server" | head -n 1)
    [ -n "$port" ] || { echo "$server did not start: $(cat "$tmp/server")" >&2; kill "$pid"; exit 1; }

    "$java" -jar "$jar" load --port "$port" --clients "$clients" --warmup "$warmup" --seconds "$seconds" >"$tmp/load" 2>&1 &
    load=$!
    threads=0
    while kill -0 "$load" 2>/dev/null; do
      now=$(awk '/^Threads:/ {print $2}' "/proc/$pid/status")
      [ "$now" -gt "$threads" ] && threads=$now
      sleep 0.2
    done
    wait "$load" || true
    rss=$(awk '/^VmHWM:/ {printf "%.0f", $2/1024}' "/proc/$pid/status")
    kill "$pid"; wait "$pid" 2>/dev/null || true

    line=$(cat "$tmp/load")
    field() { sed -n "s/$1/\\1/p" <<<"$line"; }
    rate=$(field '.*: \([0-9,]*\) messages\/s.*')
    p50=$(field '.*p50 \([0-9,]*\) µs.*')
    p99=$(field '.*p99 \([0-9,]*\) µs.*')
    errors=$(field '.*errors \([0-9,]*\).*')
    connected=$(field '.*(connected \([0-9,]*\) in.*')
    [ -n "$rate" ] || { echo "load failed against $server: $line" >&2; errors="load failed"; }
    [ "${connected//,/}" = "$clients" ] || errors="$errors (connected ${connected:-0})"
    name=$server; [ "$server" = server ] && name="selector (server)"
    printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "$name" "$(sed ':a;s/\B[0-9]\{3\}\>/,&/;ta' <<<"$clients")" "$rate" "$p50" "$p99" "$errors" "$threads" "$rss"
  done
done
echo
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
