#!/usr/bin/env bash
# The README's table: thread per connection vs selector (and virtual threads where the jar has
# them) at 100, 1,000 and 10,000 clients. Each server runs in its own JVM, the load client in
# another; loopback only; every run is bounded in time and stops by itself.
#
#   ./mvnw -q -pl lesson05-nonblocking -am package -DskipTests   # with a JDK 21+ for the virtual-thread rows
#   lesson05-nonblocking/bench.sh [SECONDS]                       # measured seconds per row (default 5)
set -euo pipefail
cd "$(dirname "$0")/.."
jar=lesson05-nonblocking/target/lesson05-nonblocking.jar
seconds=${1:-5}
warmup=3
java=${JAVA:-java}
[ -f "$jar" ] || { echo "build first: ./mvnw -q -pl lesson05-nonblocking -am package -DskipTests" >&2; exit 1; }

servers="thread-server server"
feature=$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/.*java.specification.version = \([0-9]*\).*/\1/p')
if grep -aq VirtualThreadEchoServer.class "$jar" && [ "$feature" -ge 21 ]; then
  servers="thread-server vt-server server"
fi

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $("$java" -version 2>&1 | head -n 1), open files limit $(ulimit -n)"
echo "command: lesson05-nonblocking/bench.sh $seconds  (warm-up ${warmup} s, measured ${seconds} s per row; client and server share the cores)"
echo
echo "| server | clients | messages/s | p50 µs | p99 µs | errors | server threads | server RSS MiB |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|"
for clients in 100 1000 10000; do
  for server in $servers; do
    log=$(mktemp)
    "$java" -Xss256k -jar "$jar" "$server" --port 0 >"$log" 2>&1 &
    pid=$!
    for _ in $(seq 100); do grep -q "listening on" "$log" && break; sleep 0.1; done
    port=$(sed -n 's/.*listening on [0-9.]*:\([0-9]*\).*/\1/p' "$log" | head -n 1)
    out=$(mktemp)
    "$java" -jar "$jar" load --port "$port" --clients "$clients" --warmup "$warmup" --seconds "$seconds" >"$out" 2>&1 &
    load=$!
    sleep $((warmup + seconds / 2))
    threads=$(awk '/^Threads:/ {print $2}' /proc/$pid/status)
    rss=$(awk '/^VmRSS:/ {printf "%.0f", $2/1024}' /proc/$pid/status)
    wait $load || true
    line=$(cat "$out")
    kill $pid; wait $pid 2>/dev/null || true
    rate=$(sed -n 's/.*: \([0-9,]*\) messages\/s.*/\1/p' <<<"$line")
    p50=$(sed -n 's/.*p50 \([0-9,]*\) µs.*/\1/p' <<<"$line")
    p99=$(sed -n 's/.*p99 \([0-9,]*\) µs.*/\1/p' <<<"$line")
    errors=$(sed -n 's/.*errors \([0-9,]*\).*/\1/p' <<<"$line")
    connected=$(sed -n 's/.*(connected \([0-9,]*\)).*/\1/p' <<<"$line")
    [ "${connected//,/}" = "$clients" ] || errors="$errors (connected $connected)"
    name=$server; [ "$server" = server ] && name="selector (server)"
    printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "$name" "$clients" "$rate" "$p50" "$p99" "$errors" "$threads" "$rss"
    rm -f "$log" "$out"
  done
done
