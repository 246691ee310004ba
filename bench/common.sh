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
