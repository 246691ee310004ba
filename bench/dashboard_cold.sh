#!/usr/bin/env bash
# Dashboard first start: SOURCES x ITEMS feeds (default 500 x 50, the ingest bench's corpus) read
# from local files into an empty database while the dashboard runs. Prints how long until every
# item is stored and the process's peak memory (VmHWM) by then: what a new user with that many
# sources sees on the first run, and how much the queue between fetching and storing holds.
#
# Usage: bench/dashboard_cold.sh [SOURCES] [ITEMS] [RUNS]     (default 500 50 2)
# Env:   BENCH_DIR (scratch, default /tmp/airadar-dash-cold), SKIP_BUILD=1 to reuse
#        target/release, AIRADAR_BIN to measure another build.
# The dashboard runs in a detached 200x60 tmux session, killed on exit whatever happens.
set -euo pipefail

SOURCES=${1:-500}
ITEMS=${2:-50}
RUNS=${3:-2}
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=common.sh
source "$HERE/common.sh"
WORK=${BENCH_DIR:-/tmp/airadar-dash-cold}
dashboard_bench airadar-cold

mkdir -p "$WORK"
if [[ "$(cat "$WORK/shape" 2>/dev/null)" != "$SOURCES x $ITEMS" ]]; then
    file_corpus "$WORK" "$SOURCES" "$ITEMS"
    echo "$SOURCES x $ITEMS" >"$WORK/shape"
fi
WANT=$((SOURCES * ITEMS))
echo "corpus: $SOURCES sources x $ITEMS items from files; $(nproc) cores; $(date -u +%FT%TZ)"

stored() {
    python3 - "$WORK/airadar.db" <<'PY' 2>/dev/null || echo 0
import sqlite3, sys
con = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True, timeout=1)
print(con.execute("select count(*) from items").fetchone()[0])
PY
}

for ((run = 1; run <= RUNS; run++)); do
    rm -f "$WORK"/airadar.db*
    start=$(now_ms)
    start_dashboard "$WORK"
    done_ms="" count=0
    for _ in $(seq 1 1200); do
        count=$(stored)
        if [[ "$count" == "$WANT" ]]; then done_ms=$(($(now_ms) - start)); break; fi
        sleep 0.1
    done
    hwm=$(awk '/VmHWM/ {print $2}' "/proc/$PID/status")
    # A first start builds its indexes and summaries once the queue has been idle for 200 ms.
    sleep 2
    later=$(awk '/VmHWM/ {print $2}' "/proc/$PID/status")
    # VmHWM is the larger of the current RSS and a mark the kernel records only on some
    # unmaps; memory given back with madvise can lower it (seen: 48 MB, then 47): keep the larger.
    ((later < hwm)) && later=$hwm
    log=$(stat -c %s "$WORK/airadar.db-wal" 2>/dev/null || echo 0)
    echo "run $run: $count of $WANT items stored after ${done_ms:-more than 120000} ms; peak RSS $((hwm / 1024)) MB; 2 s later: peak $((later / 1024)) MB, log $((log / 1048576)) MB"
    tmux send-keys -t "$SESSION" q
    sleep 1
    cleanup
done
