#!/usr/bin/env bash
# Ingest benchmark: airadar cold fetch, warm re-check (all 304) and full re-check (every feed
# sent whole again, nothing changed: a server that ignores validators) against newsboat, on the same
# synthetic corpus served from 127.0.0.1, with wall time and peak RSS from /usr/bin/time -v.
#
# Usage: bench/run.sh [SOURCES] [ITEMS]      (default 500 50, about 22 MB of RSS)
# Env:   BENCH_DIR (scratch, default /tmp/airadar-bench), PORT (default 18765),
#        SERVER=nginx|python (default nginx when installed: apt-get install nginx-light),
#        NEWSBOAT_THREADS (reload-threads, default 1), SKIP_BUILD=1 to reuse target/release.
# Every command is bounded by `timeout`; the server is stopped on exit, whatever happens.
set -euo pipefail

SOURCES=${1:-500}
ITEMS=${2:-50}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
WORK=${BENCH_DIR:-/tmp/airadar-bench}
PORT=${PORT:-18765}
NEWSBOAT_THREADS=${NEWSBOAT_THREADS:-1}
LIMIT=300 # seconds allowed for any one measured command
BIN=${AIRADAR_BIN:-"$ROOT/target/release/airadar"}

for tool in /usr/bin/time python3 curl; do
    command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install time curl)" >&2; exit 2; }
done

SERVER_PID=""
cleanup() {
    if [[ -n "$SERVER_PID" ]]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
}
trap cleanup EXIT INT TERM

rm -rf "$WORK"
mkdir -p "$WORK/feeds" "$WORK/newsboat"
python3 "$HERE/gen_feeds.py" "$WORK/feeds" --sources "$SOURCES" --items "$ITEMS"
BYTES=$(awk '/^bytes/ {print $2}' "$WORK/feeds/MANIFEST.txt")

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
    (cd "$ROOT" && cargo build --release --quiet)
fi

# The server, started here and stopped by the trap: nginx when installed (one worker, no access
# log: it answers in microseconds and leaves the two cores to the clients), else Python's.
# start_server validators|full: "full" ignores validators (no ETag or Last-Modified sent, and
# If-Modified-Since ignored: libcurl, and so newsboat, skips a 200 whose Last-Modified is old)
# and answers every request with the whole feed, as many real servers do.
SERVER=${SERVER:-$(command -v nginx >/dev/null && echo nginx || echo python)}
start_server() {
    local mode=$1 extra=""
    [[ "$mode" == full ]] && extra="etag off; if_modified_since off; add_header Last-Modified \"\";"
    if [[ "$SERVER" == nginx ]]; then
        mkdir -p "$WORK/nginx"
        cat >"$WORK/nginx/nginx.conf" <<CONF
daemon off;
worker_processes 1;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    default_type application/rss+xml;
    client_body_temp_path $WORK/nginx;
    proxy_temp_path $WORK/nginx;
    fastcgi_temp_path $WORK/nginx;
    uwsgi_temp_path $WORK/nginx;
    scgi_temp_path $WORK/nginx;
    keepalive_requests 100000;
    server {
        listen 127.0.0.1:$PORT;
        root $WORK/feeds;
        $extra
    }
}
CONF
        nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" >"$WORK/server.out" 2>"$WORK/server.err" &
        SERVER_PID=$!
        for _ in $(seq 1 50); do
            curl -sf -o /dev/null "http://127.0.0.1:$PORT/feed-0000.xml" && break
            sleep 0.1
        done
    else
        local flag=()
        [[ "$mode" == full ]] && flag=(--no-validators)
        : >"$WORK/server.out"
        python3 "$HERE/serve.py" "$WORK/feeds" "$PORT" "${flag[@]}" >"$WORK/server.out" 2>"$WORK/server.err" &
        SERVER_PID=$!
        for _ in $(seq 1 50); do
            grep -q ready "$WORK/server.out" 2>/dev/null && break
            sleep 0.1
        done
    fi
    curl -sf -o /dev/null "http://127.0.0.1:$PORT/feed-0000.xml" || { echo "server did not start" >&2; exit 1; }
}
stop_server() {
    cleanup
    SERVER_PID=""
}
start_server validators

# One airadar config and one newsboat urls file over the same URLs.
{
    printf '[general]\nconcurrency = 8\nrefresh = "1d"\n\n'
    for ((i = 0; i < SOURCES; i++)); do
        n=$(printf '%04d' "$i")
        case $((i % 3)) in 0) lang=en ;; 1) lang=pt ;; 2) lang=es ;; esac
        printf '[[feed]]\nname = "bench-%s"\nurl = "http://127.0.0.1:%s/feed-%s.xml"\nlang = "%s"\n\n' "$n" "$PORT" "$n" "$lang"
    done
} >"$WORK/airadar.toml"
for ((i = 0; i < SOURCES; i++)); do
    printf 'http://127.0.0.1:%s/feed-%04d.xml\n' "$PORT" "$i"
done >"$WORK/newsboat/urls"
printf 'reload-threads %s\n' "$NEWSBOAT_THREADS" >"$WORK/newsboat/config"

# measure LABEL CMD...: runs CMD under /usr/bin/time -v, records
# "LABEL wall_s rss_kb exit user_s sys_s". User and system CPU are printed too: newsboat's time
# is mostly system time (a write per item), airadar's mostly user time, and how the two compare
# depends on the machine (bench/README.md, tenth round).
measure() {
    local label=$1
    shift
    local status=0
    /usr/bin/time -v -o "$WORK/$label.time" timeout "$LIMIT" "$@" >"$WORK/$label.out" 2>"$WORK/$label.err" || status=$?
    local wall rss user sys
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s}' "$WORK/$label.time")
    rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$WORK/$label.time")
    user=$(awk -F': ' '/User time \(seconds\)/ {print $2}' "$WORK/$label.time")
    sys=$(awk -F': ' '/System time \(seconds\)/ {print $2}' "$WORK/$label.time")
    echo "$label $wall $rss $status $user $sys" >>"$WORK/results.txt"
    printf '%-16s wall %7.2f s   peak RSS %7.1f MB   user %6.2f s   sys %6.2f s   exit %s\n' \
        "$label" "$wall" "$(echo "$rss / 1024" | bc -l)" "$user" "$sys" "$status"
}

: >"$WORK/results.txt"
echo "corpus: $SOURCES sources x $ITEMS items, $((BYTES / 1000000)) MB; $(nproc) cores; server $SERVER; $(date -u +%FT%TZ)"
AIRADAR=("$BIN" --config "$WORK/airadar.toml" --db "$WORK/airadar.db" --log "$WORK/airadar.log" fetch)
measure airadar-cold "${AIRADAR[@]}"
measure airadar-warm "${AIRADAR[@]}"
echo "airadar cold: $(tail -1 "$WORK/airadar-cold.err")"
echo "airadar warm: $(tail -1 "$WORK/airadar-warm.err")"
echo "airadar warm statuses: $(grep -c '304 not modified' "$WORK/airadar-warm.err") of $SOURCES answered 304"

if command -v newsboat >/dev/null; then
    NB=(newsboat -x reload -u "$WORK/newsboat/urls" -c "$WORK/newsboat/cache.db" -C "$WORK/newsboat/config")
    measure newsboat-cold "${NB[@]}"
    measure newsboat-warm "${NB[@]}"
    echo "newsboat: $(newsboat -v | head -1), reload-threads $NEWSBOAT_THREADS"
    echo "newsboat stored items: $(sqlite3 "$WORK/newsboat/cache.db" 'select count(*) from rss_item' 2>/dev/null || echo '?')"
    awk '
        { wall[$1] = $2; rss[$1] = $3 }
        END {
            printf "ratio cold: newsboat/airadar wall %.1fx, peak RSS airadar/newsboat %.2f\n", wall["newsboat-cold"] / wall["airadar-cold"], rss["airadar-cold"] / rss["newsboat-cold"]
            printf "ratio warm: newsboat/airadar wall %.1fx\n", wall["newsboat-warm"] / (wall["airadar-warm"] > 0 ? wall["airadar-warm"] : 0.01)
        }' "$WORK/results.txt"
else
    echo "newsboat not installed (apt-get install newsboat): no comparison"
fi

# Full re-check: the same feeds again from a server that ignores validators, so every feed comes
# back whole (200) with nothing changed in it.
stop_server
start_server full
measure airadar-full "${AIRADAR[@]}"
echo "airadar full: $(tail -1 "$WORK/airadar-full.err")"
if command -v newsboat >/dev/null; then
    measure newsboat-full "${NB[@]}"
    awk '
        { wall[$1] = $2 }
        END { printf "ratio full: newsboat/airadar wall %.1fx\n", wall["newsboat-full"] / (wall["airadar-full"] > 0 ? wall["airadar-full"] : 0.01) }
    ' "$WORK/results.txt"
fi
echo "stored items: $(sqlite3 "$WORK/airadar.db" 'select count(*) from items' 2>/dev/null || echo '?')"
echo "raw results: $WORK/results.txt"
