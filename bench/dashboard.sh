#!/usr/bin/env bash
# Dashboard benchmark: time to first drawn frame with a database of SOURCES x ITEMS stored
# items (default 500 x 200 = 100,000), memory held once loaded, and idle CPU over IDLE seconds.
#
# Usage: bench/dashboard.sh [SOURCES] [ITEMS] [IDLE]     (default 500 200 60)
# Env:   BENCH_DIR (scratch, default /tmp/airadar-dash), SKIP_BUILD=1 to reuse target/release.
# The dashboard runs in a detached 200x60 tmux session; the screen is polled with
# capture-pane (a poll costs a few ms, so first-frame times are accurate to about that).
# The tmux session is killed on exit, whatever happens.
set -euo pipefail

SOURCES=${1:-500}
ITEMS=${2:-200}
IDLE=${3:-60}
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=common.sh
source "$HERE/common.sh"
WORK=${BENCH_DIR:-/tmp/airadar-dash}
dashboard_bench airadar-bench

# A database of SOURCES x ITEMS items, filled from local files (no server needed).
mkdir -p "$WORK"
if [[ ! -s "$WORK/airadar.db" || "$(cat "$WORK/shape" 2>/dev/null)" != "$SOURCES x $ITEMS" ]]; then
    rm -f "$WORK"/airadar.db*
    file_corpus "$WORK" "$SOURCES" "$ITEMS"
    timeout 600 "$BIN" --config "$WORK/airadar.toml" --db "$WORK/airadar.db" --log "$WORK/airadar.log" fetch 2>"$WORK/fill.err" | true
    tail -1 "$WORK/fill.err"
    echo "$SOURCES x $ITEMS" >"$WORK/shape"
fi
STORED=$(sqlite3 "$WORK/airadar.db" 'select count(*) from items')
echo "database: $STORED items, $(du -m "$WORK/airadar.db" | cut -f1) MB; $(nproc) cores; $(date -u +%FT%TZ)"

screen() { tmux capture-pane -p -t "$SESSION" 2>/dev/null || true; }

start=$(now_ms)
start_dashboard "$WORK"
first="" loaded=""
for _ in $(seq 1 3000); do
    text=$(screen)
    # (tr, not ${text//[[:space:]]/}: bash's substitution takes about a second on a 200x60 screen)
    if [[ -z "$first" && -n "$(tr -d '[:space:]' <<<"$text")" ]]; then first=$(($(now_ms) - start)); fi
    # Source names appear once the store snapshot is drawn.
    if [[ "$text" == *bench-0* ]]; then loaded=$(($(now_ms) - start)); break; fi
done
echo "first frame: ${first:-never} ms; first frame with data: ${loaded:-never} ms"
sleep 2
rss=$(awk '/VmRSS/ {print $2}' "/proc/$PID/status")
hwm=$(awk '/VmHWM/ {print $2}' "/proc/$PID/status")
anon=$(awk '/RssAnon/ {print $2}' "/proc/$PID/status")
file=$(awk '/RssFile/ {print $2}' "/proc/$PID/status")
# RssFile is the database mapped by SQLite (mmap_size): shared, clean, reclaimable page cache.
echo "memory held: RSS $((rss / 1024)) MB (peak $((hwm / 1024)) MB) = private $((anon / 1024)) MB + mapped file $((file / 1024)) MB"

ticks() { awk '{print $14 + $15}' "/proc/$PID/stat"; }
hz=$(getconf CLK_TCK)
before=$(ticks)
sleep "$IDLE"
after=$(ticks)
echo "idle: $((after - before)) ticks of 1/$hz s in $IDLE s = $(echo "scale=3; 100 * ($after - $before) / ($hz * $IDLE)" | bc) % of one core"
screen >"$WORK/screen.txt"
tmux send-keys -t "$SESSION" q
