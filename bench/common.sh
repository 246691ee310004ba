# Shared by the bench scripts: sourced, not run.

# file_corpus DIR SOURCES ITEMS: SOURCES x ITEMS synthetic feeds in DIR/feeds (gen_feeds.py) and
# DIR/airadar.toml naming them as local files, every source due once a week.
file_corpus() {
    local dir=$1 sources=$2 items=$3 i n
    rm -rf "$dir/feeds"
    python3 "$(dirname "${BASH_SOURCE[0]}")/gen_feeds.py" "$dir/feeds" --sources "$sources" --items "$items"
    {
        printf '[general]\nconcurrency = 8\nrefresh = "7d"\nretention_days = 36500\n\n'
        for ((i = 0; i < sources; i++)); do
            n=$(printf '%04d' "$i")
            printf '[[feed]]\nname = "bench-%s"\nurl = "feeds/feed-%s.xml"\n\n' "$n" "$n"
        done
    } >"$dir/airadar.toml"
}

# dashboard_bench NAME: what both dashboard scripts need first. Sets ROOT, BIN (AIRADAR_BIN, else
# the release build, built unless SKIP_BUILD=1) and SESSION (a tmux session name, killed by
# `cleanup`, which runs on exit whatever happens).
dashboard_bench() {
    ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
    BIN=${AIRADAR_BIN:-"$ROOT/target/release/airadar"}
    SESSION="$1-$$"
    command -v tmux >/dev/null || { echo "missing tmux (apt-get install tmux)" >&2; exit 2; }
    trap cleanup EXIT INT TERM
    if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
        (cd "$ROOT" && cargo build --release --quiet)
    fi
}

cleanup() { tmux kill-session -t "$SESSION" 2>/dev/null || true; }

# start_dashboard WORK: the dashboard on WORK's config and database in a detached 200x60 tmux
# session; sets PID to its process.
start_dashboard() {
    local work=$1
    tmux new-session -d -s "$SESSION" -x 200 -y 60 \
        "exec $BIN --config $work/airadar.toml --db $work/airadar.db --log $work/dash.log"
    PID=$(tmux list-panes -t "$SESSION" -F '#{pane_pid}')
}

# now_ms: the wall clock in milliseconds.
now_ms() { echo $(($(date +%s%N) / 1000000)); }
