//! The report read back from the store: JSON field names against the contract, ordering,
//! retention, and the markdown rendering of hostile text.

mod store_support;

use std::collections::BTreeSet;

use airadar::config::FeedSource;
use airadar::report::markdown::to_markdown;
use airadar::store::{ReportLimits, Store};
use serde_json::Value;
use store_support::*;

fn sources() -> Vec<FeedSource> {
    vec![
        source("a", "https://a.example/feed"),
        source("b", "https://b.example/feed"),
    ]
}

fn filled_store() -> Store {
    let mut store = Store::open_in_memory().expect("open");
    store.sync_sources(&sources()).expect("sync");
    let d1 = at(2025, 2, 21, 9);
    let d2 = at(2025, 2, 27, 9);
    let a_items = vec![
        item(
            Some("1"),
            Some("https://a/1"),
            "GPT-4.5 expected",
            "",
            Some(d1),
        ),
        item(
            Some("2"),
            Some("https://a/2"),
            "Microsoft adds 5 GW",
            "",
            Some(d2),
        ),
    ];
    store
        .apply_fetch(&fetched("a", d1, a_items), &toy_extract, &catalog(), d2)
        .expect("a");
    let b_items = vec![item(
        Some("1"),
        Some("https://b/1"),
        "GPT-4.5 released",
        "",
        Some(d2),
    )];
    store
        .apply_fetch(&fetched("b", d2, b_items), &toy_extract, &catalog(), d2)
        .expect("b");
    store
}

fn keys(v: &Value) -> BTreeSet<String> {
    v.as_object().expect("an object").keys().cloned().collect()
}

fn assert_has(v: &Value, names: &[&str]) {
    let have = keys(v);
    for name in names {
        assert!(have.contains(*name), "missing {name:?} in {have:?}");
    }
}

#[test]
fn json_report_has_the_contract_field_names() {
    let store = filled_store();
    let report = store
        .report(&sources(), at(2025, 3, 1, 0), None)
        .expect("report");
    let json = serde_json::to_value(&report).expect("json");
    assert_has(
        &json,
        &[
            "generated_at",
            "sources",
            "items",
            "models",
            "timeline",
            "capacity",
        ],
    );
    assert_has(
        &json["sources"][0],
        &["name", "url", "status", "error", "items", "last_fetch"],
    );
    assert_eq!(json["sources"][0]["status"], "ok");
    assert_has(
        &json["items"][0],
        &[
            "id",
            "source",
            "title",
            "url",
            "published",
            "lang",
            "models",
            "providers",
        ],
    );
    assert_has(
        &json["models"][0],
        &[
            "name",
            "vendor",
            "aliases",
            "status",
            "expected",
            "released",
            "first_seen",
            "last_seen",
            "mentions",
            "sources",
            "claims",
            "slip_days",
        ],
    );
    assert_has(
        &json["timeline"][0],
        &[
            "subject",
            "kind",
            "start",
            "end",
            "precision",
            "item_url",
            "source",
            "evidence",
        ],
    );
    assert_has(
        &json["capacity"][0],
        &["provider", "quantities", "note", "item_url", "published"],
    );
    assert_has(&json["capacity"][0]["quantities"][0], &["value", "unit"]);
    // Dates are YYYY-MM-DD, timestamps RFC 3339.
    assert_eq!(json["timeline"][0]["start"], "2025-02-27");
    assert_eq!(json["capacity"][0]["published"], "2025-02-27");
    assert_eq!(json["capacity"][0]["quantities"][0]["unit"], "GW");
    let published = json["items"][0]["published"].as_str().expect("string");
    chrono::DateTime::parse_from_rfc3339(published).expect("RFC 3339");
    // And it reads back as the same report.
    let back: airadar::report::Report = serde_json::from_value(json).expect("round trip");
    assert_eq!(back, report);
}

#[test]
fn report_orders_items_timeline_and_models() {
    let store = filled_store();
    let report = store
        .report(&sources(), at(2025, 3, 1, 0), None)
        .expect("report");
    let published: Vec<_> = report.items.iter().map(|i| i.published).collect();
    let mut sorted = published.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(published, sorted, "newest first");
    let starts: Vec<_> = report.timeline.iter().map(|t| t.start).collect();
    assert!(
        starts.windows(2).all(|w| w[0] <= w[1]),
        "by start: {starts:?}"
    );
    assert_eq!(report.timeline.len(), 2);
    let gpt = &report
        .items
        .iter()
        .find(|i| i.title == "GPT-4.5 released")
        .expect("item");
    assert_eq!(gpt.models, vec!["GPT-4.5"]);
    let ms = report
        .items
        .iter()
        .find(|i| i.title.starts_with("Microsoft"))
        .expect("item");
    assert_eq!(ms.providers, vec!["Microsoft"]);
    assert_eq!(report.capacity[0].source, "a");
    assert_eq!(report.sources[0].items, 2);
    assert_eq!(report.sources[1].unread, 1);
    let limited = store
        .report(&sources(), at(2025, 3, 1, 0), Some(1))
        .expect("limited");
    assert_eq!(limited.items.len(), 1);
    assert_eq!(limited.items[0].id, report.items[0].id);
}

#[test]
fn retention_counts_from_first_seen_and_keeps_starred() {
    let mut store = Store::open_in_memory().expect("open");
    store.sync_sources(&sources()).expect("sync");
    let long_ago = at(2024, 1, 1, 0);
    let recently = at(2025, 2, 1, 0);
    let now = at(2025, 3, 1, 0);
    // Seen long ago: a fresh-looking date does not save it.
    let old_seen = vec![
        item(
            Some("old"),
            None,
            "GPT-5 expected",
            "",
            Some(at(2025, 2, 28, 0)),
        ),
        item(
            Some("star"),
            None,
            "o3 released",
            "",
            Some(at(2025, 2, 28, 0)),
        ),
    ];
    store
        .apply_fetch(
            &fetched("a", long_ago, old_seen),
            &toy_extract,
            &catalog(),
            long_ago,
        )
        .expect("old");
    // Seen recently: an archive article from 2019 is kept.
    let archive = vec![item(
        Some("archive"),
        None,
        "GPT-5 released",
        "",
        Some(at(2019, 5, 1, 0)),
    )];
    store
        .apply_fetch(
            &fetched("b", recently, archive),
            &toy_extract,
            &catalog(),
            recently,
        )
        .expect("archive");
    let before = store.report(&sources(), now, None).expect("before");
    let starred = before
        .items
        .iter()
        .find(|i| i.title == "o3 released")
        .expect("item");
    store.set_starred(starred.id, true).expect("star");

    let summary = store.prune(5000, 365, now).expect("prune");
    assert_eq!(summary.items, 1);
    let after = store.report(&sources(), now, None).expect("after");
    let mut titles: Vec<_> = after.items.iter().map(|i| i.title.as_str()).collect();
    titles.sort();
    assert_eq!(titles, vec!["GPT-5 released", "o3 released"]);
    // Its claims went with it, and GPT-5's summary was recomputed from what is left.
    assert!(after.timeline.iter().all(|t| t.kind != "expected"));
    let gpt5 = after
        .models
        .iter()
        .find(|m| m.name == "GPT-5")
        .expect("GPT-5");
    assert_eq!(gpt5.mentions, 1);
    assert_eq!(gpt5.last_seen, Some(at(2019, 5, 1, 0).date_naive()));
}

#[test]
fn retention_caps_each_source_by_first_seen() {
    let mut store = Store::open_in_memory().expect("open");
    store.sync_sources(&sources()).expect("sync");
    for day in 1..=5u32 {
        let seen = at(2025, 2, day, 0);
        // Publication dates run backwards, so only first-seen order keeps the right ones.
        let items = vec![item(
            Some(&day.to_string()),
            None,
            &format!("day {day}"),
            "",
            Some(at(2025, 1, 30 - day, 0)),
        )];
        store
            .apply_fetch(&fetched("a", seen, items), &toy_extract, &catalog(), seen)
            .expect("apply");
    }
    let now = at(2025, 2, 6, 0);
    let first = store.report(&sources(), now, None).expect("report");
    let day1 = first
        .items
        .iter()
        .find(|i| i.title == "day 1")
        .expect("day 1");
    store.set_starred(day1.id, true).expect("star");
    assert_eq!(store.prune(2, 365, now).expect("prune").items, 2);
    let report = store.report(&sources(), now, None).expect("report");
    let mut titles: Vec<_> = report.items.iter().map(|i| i.title.as_str()).collect();
    titles.sort();
    assert_eq!(titles, vec!["day 1", "day 4", "day 5"]);
    assert_eq!(
        report.sources[0].items, 3,
        "per-source counts follow deletions"
    );
    assert_eq!(report.sources[0].unread, 3);
}

#[test]
fn markdown_report_escapes_hostile_text() {
    let mut store = Store::open_in_memory().expect("open");
    let evil_source = source("evil|source", "https://evil.example/feed");
    store
        .sync_sources(std::slice::from_ref(&evil_source))
        .expect("sync");
    let t = at(2025, 2, 21, 9);
    let hostile = item(
        Some("x"),
        Some("https://evil.example/a|b"),
        "GPT-5 expected | injected | cells\n| --- |\x1b]52;c;cHduZWQ=\x07<img src=x onerror=alert(1)>",
        "",
        Some(t),
    );
    store
        .apply_fetch(
            &fetched("evil|source", t, vec![hostile]),
            &toy_extract,
            &catalog(),
            t,
        )
        .expect("apply");
    let md = to_markdown(&store.report(&[evil_source], t, None).expect("report"));
    assert!(
        !md.contains('\x1b') && !md.contains('\x07'),
        "no control characters"
    );
    assert!(!md.contains("<img"), "no raw HTML");
    // Unescaped pipes delimit cells: every row of a table has as many as its header.
    let mut header_pipes = None;
    for line in md.lines() {
        if !line.starts_with('|') {
            header_pipes = None;
            continue;
        }
        let pipes = line.replace("\\|", "").matches('|').count();
        let expected = *header_pipes.get_or_insert(pipes);
        assert_eq!(pipes, expected, "row with injected cells: {line}");
    }
    let item_row = md
        .lines()
        .find(|l| l.contains("injected"))
        .expect("item row");
    assert!(
        item_row.contains("GPT-5 expected \\| injected \\| cells \\| --- \\|"),
        "{item_row}"
    );
    assert!(md.contains("evil\\|source"));
}

#[test]
fn models_are_listed_most_recently_seen_first() {
    let mut store = Store::open_in_memory().expect("open");
    store.sync_sources(&sources()).expect("sync");
    for (guid, title, day) in [("1", "o3", 3), ("2", "GPT-5", 9), ("3", "GPT-4.5", 5)] {
        let t = at(2025, 2, day, 0);
        let items = vec![item(Some(guid), None, title, "", Some(t))];
        store
            .apply_fetch(&fetched("a", t, items), &toy_extract, &catalog(), t)
            .expect("apply");
    }
    let report = store
        .report(&sources(), at(2025, 3, 1, 0), None)
        .expect("report");
    let names: Vec<_> = report.models.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names, vec!["GPT-5", "GPT-4.5", "o3"]);
}

#[test]
fn dashboard_limits_keep_the_latest_of_each_list() {
    let store = filled_store();
    let now = at(2025, 3, 1, 0);
    let full = store.report(&sources(), now, None).expect("report");
    let limits = ReportLimits {
        items: Some(1),
        timeline: Some(1),
        capacity: Some(1),
        claims_per_model: Some(1),
    };
    let cut = store
        .report_within(&sources(), now, &limits)
        .expect("limited report");
    assert_eq!(cut.items.len(), 1);
    assert_eq!(cut.items[0].id, full.items[0].id, "newest item kept");
    assert_eq!(cut.timeline.len(), 1);
    assert_eq!(
        cut.timeline[0],
        *full.timeline.last().expect("timeline"),
        "the latest window kept"
    );
    assert_eq!(cut.capacity.len(), 1);
    assert_eq!(cut.capacity[0], full.capacity[0], "newest note kept");
    let gpt_full = full
        .models
        .iter()
        .find(|m| m.name == "GPT-4.5")
        .expect("model");
    let gpt_cut = cut
        .models
        .iter()
        .find(|m| m.name == "GPT-4.5")
        .expect("model");
    assert!(gpt_full.claims.len() > 1, "the fixture has a ledger to cut");
    assert_eq!(gpt_cut.claims.len(), 1);
    assert_eq!(
        gpt_cut.claims[0],
        *gpt_full.claims.last().expect("claim"),
        "newest claim kept"
    );
    assert_eq!(
        store
            .report_within(&sources(), now, &ReportLimits::FULL)
            .expect("full"),
        full
    );
}
