#!/bin/sh
# What a user would pick instead of our upload: rsync, in daemon mode on loopback, beside
# upload-bench, in the same run. The same random file (1 GiB unless MIB says otherwise) goes
# into a fresh folder each time with `rsync --partial` (what keeps a cut transfer for a resume,
# like our .part files), and with `--fsync` too (our upload forces the file to disk; rsync
# does not unless asked). Prints a Markdown table. Needs rsync (Debian: apt-get install rsync)
# and the jar (./mvnw -pl homework/upload -am package).
#
#   sh homework/upload/rsync-bench.sh            # 1 GiB, 3 runs of each
#   MIB=256 REPEAT=1 sh homework/upload/rsync-bench.sh
set -eu

MIB=${MIB:-1024}
REPEAT=${REPEAT:-3}
JAR=${JAR:-homework/upload/target/homework-upload.jar}
command -v rsync >/dev/null || { echo "error: rsync is not installed (Debian: apt-get install rsync)" >&2; exit 1; }
[ -f "$JAR" ] || { echo "error: no $JAR (build it: ./mvnw -pl homework/upload -am package)" >&2; exit 1; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/rsync-bench.XXXXXX")
DAEMON_PID=
cleanup() {
    [ -n "$DAEMON_PID" ] && kill "$DAEMON_PID" 2>/dev/null && wait "$DAEMON_PID" 2>/dev/null
    rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

echo "# writing a $MIB MiB random source file in $WORK" >&2
head -c $((MIB * 1048576)) /dev/urandom > "$WORK/source.bin"
mkdir "$WORK/dest"

# The daemon: one writable module on 127.0.0.1, as this user, no chroot (not root's business here).
cat > "$WORK/rsyncd.conf" <<EOF
pid file = $WORK/rsyncd.pid
log file = $WORK/rsyncd.log
use chroot = false
uid = $(id -u)
gid = $(id -g)
[bench]
    path = $WORK/dest
    read only = false
EOF
# rsync cannot bind port 0: try a few random high ports until one is free.
for attempt in 1 2 3 4 5 6 7 8; do
    PORT=$(( 20000 + $(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 40000 ))
    rsync --daemon --no-detach --config="$WORK/rsyncd.conf" --address=127.0.0.1 --port="$PORT" &
    DAEMON_PID=$!
    ok=
    for wait in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
        if rsync "rsync://127.0.0.1:$PORT/" >/dev/null 2>&1; then ok=1; break; fi
        kill -0 "$DAEMON_PID" 2>/dev/null || break # it could not bind: another port
        sleep 0.25
    done
    [ -n "$ok" ] && break
    kill "$DAEMON_PID" 2>/dev/null || true
    wait "$DAEMON_PID" 2>/dev/null || true
    DAEMON_PID=
done
[ -n "$DAEMON_PID" ] || { echo "error: the rsync daemon did not start; see $WORK/rsyncd.log" >&2; exit 1; }
echo "# rsync daemon on 127.0.0.1:$PORT, module bench -> $WORK/dest" >&2

# Seconds of one rsync of the source into the emptied folder (fresh: no basis file, the whole file goes).
rsync_once() {
    rm -rf "$WORK/dest/"* "$WORK/dest/".[!.]* 2>/dev/null || true
    sync
    start=$(date +%s.%N)
    rsync --partial "$@" "$WORK/source.bin" "rsync://127.0.0.1:$PORT/bench/"
    end=$(date +%s.%N)
    cmp -s "$WORK/source.bin" "$WORK/dest/source.bin" || { echo "error: rsync's copy differs" >&2; exit 1; }
    echo "$start $end" | awk '{ printf "%.3f\n", $2 - $1 }'
}

# MB/s median, min, max of a list of seconds (one a line).
stats() {
    sort -n | awk -v bytes=$((MIB * 1048576)) '{ s[NR] = $1 } END {
        m = (NR % 2) ? s[(NR + 1) / 2] : (s[NR / 2] + s[NR / 2 + 1]) / 2
        printf "%.0f | %.0f–%.0f", bytes / m / 1e6, bytes / s[NR] / 1e6, bytes / s[1] / 1e6 }'
}

echo "# upload-bench --mib $MIB --repeat $REPEAT" >&2
java -jar "$JAR" upload-bench --mib "$MIB" --repeat "$REPEAT" --dir "$WORK" > "$WORK/upload-bench.txt"
rsync_once > /dev/null # warm-up: the source in the page cache, as upload-bench's is
: > "$WORK/plain.txt"
: > "$WORK/fsync.txt"
i=1
while [ "$i" -le "$REPEAT" ]; do # rotated, so a slow moment of the machine hits both alike
    rsync_once >> "$WORK/plain.txt"
    rsync_once --fsync >> "$WORK/fsync.txt"
    echo "# rsync round $i of $REPEAT: $(tail -1 "$WORK/plain.txt") s, with --fsync $(tail -1 "$WORK/fsync.txt") s" >&2
    i=$((i + 1))
done

row() { # the upload-bench row whose first cell starts with $1: "MB/s | min–max"
    grep "^| $1" "$WORK/upload-bench.txt" | awk -F'|' '{ gsub(/ /, "", $3); gsub(/ /, "", $4); print $3 " | " $4 }'
}
echo "command: \`MIB=$MIB REPEAT=$REPEAT sh homework/upload/rsync-bench.sh\` ($(rsync --version | head -1 | awk '{ print $1, $3 }'), $(java -version 2>&1 | head -1))"
echo
echo "$MIB MiB of random bytes into a fresh folder on 127.0.0.1, $REPEAT times each after a warm-up, in one run."
echo
echo "| run | MB/s (median) | min–max |"
echo "|---|---:|---:|"
echo "| plain socket, SHA-256 on both ends (upload-bench) | $(row 'plain socket, SHA-256') |"
echo "| writing the file alone, fsync (upload-bench) | $(row 'writing the file alone') |"
echo "| **upload** (upload-bench: SHA-256 both ends, fsync, rename) | $(row 'upload') |"
echo "| rsync --partial (daemon; whole-file checksum, no fsync) | $(stats < "$WORK/plain.txt") |"
echo "| rsync --partial --fsync (daemon) | $(stats < "$WORK/fsync.txt") |"
echo
upload=$(row 'upload' | awk '{ print $1 }')
rsync_plain=$(stats < "$WORK/plain.txt" | awk '{ print $1 }')
rsync_fsync=$(stats < "$WORK/fsync.txt" | awk '{ print $1 }')
echo "The upload's median is $(awk -v a="$upload" -v b="$rsync_plain" 'BEGIN { printf "%.2f", a / b }')x rsync --partial's and $(awk -v a="$upload" -v b="$rsync_fsync" 'BEGIN { printf "%.2f", a / b }')x rsync --partial --fsync's."
