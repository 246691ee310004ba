//! A hand-built Report and a fixed clock shared by the UI snapshot and script tests.
#![allow(dead_code)]

use airadar::report::*;
use chrono::{DateTime, Duration, NaiveDate, Utc};

/// The fixed "now" of every UI test.
pub fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-28T12:00:00Z")
        .unwrap()
        .to_utc()
}

pub fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().to_utc()
}

fn window(start: &str, end: &str, precision: &str) -> WindowReport {
    WindowReport {
        start: day(start),
        end: day(end),
        precision: precision.into(),
    }
}

#[allow(clippy::too_many_arguments)]
fn claim(
    kind: &str,
    win: Option<(&str, &str, &str)>,
    source: &str,
    published: &str,
    evidence: &str,
    url: &str,
    corroboration: u64,
) -> ClaimReport {
    ClaimReport {
        kind: kind.into(),
        start: win.map(|w| day(w.0)),
        end: win.map(|w| day(w.1)),
        precision: win.map(|w| w.2.into()),
        source: source.into(),
        item_url: Some(url.into()),
        published: Some(day(published)),
        evidence: evidence.into(),
        corroboration,
    }
}

fn entry(
    subject: &str,
    kind: &str,
    start: &str,
    end: &str,
    precision: &str,
    source: &str,
    evidence: &str,
) -> TimelineEntry {
    TimelineEntry {
        subject: subject.into(),
        kind: kind.into(),
        start: day(start),
        end: day(end),
        precision: precision.into(),
        item_url: Some(format!(
            "https://{source}.example/{}",
            subject.to_lowercase().replace(' ', "-")
        )),
        source: source.into(),
        evidence: evidence.into(),
    }
}

fn source(name: &str, status: SourceStatus) -> SourceReport {
    SourceReport {
        name: name.into(),
        url: format!("https://{name}.example/feed.xml"),
        status,
        items: 2,
        unread: 1,
        last_fetch: Some(now() - Duration::minutes(10)),
        last_success: Some(now() - Duration::minutes(10)),
        next_fetch: Some(now() + Duration::minutes(20)),
        http_status: Some(200),
        latency_ms: Some(340),
        lang: Some("en".into()),
        ..Default::default()
    }
}

#[allow(clippy::too_many_arguments)]
fn item(
    id: i64,
    source: &str,
    title: &str,
    published: &str,
    lang: &str,
    models: &[&str],
    providers: &[&str],
    read: bool,
) -> ItemReport {
    ItemReport {
        id,
        source: source.into(),
        title: title.into(),
        url: Some(format!("https://{source}.example/{id}")),
        published: Some(at(published)),
        lang: Some(lang.into()),
        models: models.iter().map(|s| s.to_string()).collect(),
        providers: providers.iter().map(|s| s.to_string()).collect(),
        read,
        starred: id == 3,
    }
}

/// Models with ledgers, timeline, capacity, sources in every state, items in en/pt/es.
pub fn report() -> Report {
    let gpt5 = ModelReport {
        name: "GPT-5".into(),
        vendor: Some("OpenAI".into()),
        aliases: vec!["gpt5".into()],
        status: "expected".into(),
        expected: Some(window("2027-01-01", "2027-03-31", "quarter")),
        released: None,
        first_seen: Some(day("2026-06-10")),
        last_seen: Some(day("2026-11-20")),
        mentions: 9,
        sources: 4,
        claims: vec![
            claim(
                "expected",
                Some(("2026-07-01", "2026-12-31", "half")),
                "techcrunch",
                "2026-06-10",
                "OpenAI expects to ship GPT-5 in the second half of the year.",
                "https://techcrunch.example/1",
                2,
            ),
            claim(
                "delayed",
                Some(("2027-01-01", "2027-03-31", "quarter")),
                "theverge",
                "2026-10-02",
                "GPT-5 has slipped to the first quarter of next year, people familiar said.",
                "https://theverge.example/2",
                1,
            ),
            claim(
                "expected",
                Some(("2027-01-01", "2027-03-31", "quarter")),
                "folha",
                "2026-11-20",
                "A OpenAI prevê lançar o GPT-5 no primeiro trimestre de 2027.",
                "https://folha.example/5",
                3,
            ),
        ],
        slip_days: Some(90),
    };
    let gpt45 = ModelReport {
        name: "GPT-4.5".into(),
        vendor: Some("OpenAI".into()),
        aliases: vec!["Orion".into()],
        status: "released".into(),
        expected: Some(window("2026-02-01", "2026-02-28", "month")),
        released: Some(day("2026-02-27")),
        first_seen: Some(day("2025-12-03")),
        last_seen: Some(day("2026-11-01")),
        mentions: 12,
        sources: 5,
        claims: vec![
            claim(
                "rumored",
                Some(("2026-01-01", "2026-03-31", "quarter")),
                "the-information",
                "2025-12-03",
                "Orion, the model after GPT-4o, could arrive early next year.",
                "https://the-information.example/9",
                1,
            ),
            claim(
                "released",
                Some(("2026-02-27", "2026-02-27", "day")),
                "techcrunch",
                "2026-02-27",
                "OpenAI released GPT-4.5 today to Pro users.",
                "https://techcrunch.example/3",
                4,
            ),
        ],
        slip_days: Some(0),
    };
    let gemini = ModelReport {
        name: "Gemini 3 Ultra".into(),
        vendor: Some("Google".into()),
        status: "announced".into(),
        expected: Some(window("2026-12-01", "2026-12-31", "month")),
        first_seen: Some(day("2026-11-05")),
        last_seen: Some(day("2026-11-25")),
        mentions: 4,
        sources: 2,
        claims: vec![claim(
            "announced",
            Some(("2026-12-01", "2026-12-31", "month")),
            "elpais",
            "2026-11-25",
            "Google anunció que Gemini 3 Ultra llegará en diciembre.",
            "https://elpais.example/7",
            1,
        )],
        ..Default::default()
    };
    let claude = ModelReport {
        name: "Claude 5".into(),
        vendor: Some("Anthropic".into()),
        status: "rumored".into(),
        expected: Some(window("2027-01-01", "2027-06-30", "half")),
        first_seen: Some(day("2026-11-12")),
        last_seen: Some(day("2026-11-12")),
        mentions: 1,
        sources: 1,
        claims: vec![claim(
            "rumored",
            Some(("2027-01-01", "2027-06-30", "half")),
            "the-information",
            "2026-11-12",
            "Anthropic is said to be training Claude 5 for a first-half launch.",
            "https://the-information.example/8",
            1,
        )],
        ..Default::default()
    };
    let llama = ModelReport {
        name: "Llama 5".into(),
        vendor: Some("Meta".into()),
        status: "mentioned".into(),
        first_seen: Some(day("2026-10-30")),
        last_seen: Some(day("2026-10-30")),
        mentions: 2,
        sources: 1,
        ..Default::default()
    };
    let mut theverge = source("theverge", SourceStatus::Error);
    theverge.error = Some("HTTP 503 (retry after 120s)".into());
    theverge.http_status = Some(503);
    theverge.failures = 3;
    theverge.last_success = Some(now() - Duration::hours(5));
    let mut dead = source("oldblog", SourceStatus::Error);
    dead.dead = true;
    dead.error =
        Some("HTTP 410 Gone: the source was removed; fix or delete it in the config".into());
    dead.http_status = Some(410);
    let mut stale = source("the-information", SourceStatus::Ok);
    stale.last_success = Some(now() - Duration::days(3));
    stale.last_fetch = Some(now() - Duration::days(3));
    stale.next_fetch = Some(now() + Duration::seconds(40));
    let mut pending = source("newfeed", SourceStatus::Pending);
    pending.last_fetch = None;
    pending.last_success = None;
    pending.latency_ms = None;
    pending.http_status = None;
    pending.items = 0;
    pending.unread = 0;
    let mut folha = source("folha", SourceStatus::Ok);
    folha.lang = Some("pt".into());
    let mut elpais = source("elpais", SourceStatus::Ok);
    elpais.lang = Some("es".into());
    Report {
        generated_at: now(),
        sources: vec![
            source("techcrunch", SourceStatus::Ok),
            theverge,
            folha,
            elpais,
            stale,
            dead,
            pending,
        ],
        items: vec![
            item(
                1,
                "techcrunch",
                "OpenAI sets GPT-5 for the second half",
                "2026-06-10T09:00:00Z",
                "en",
                &["GPT-5"],
                &["OpenAI"],
                true,
            ),
            item(
                2,
                "theverge",
                "GPT-5 slips into next year",
                "2026-10-02T15:30:00Z",
                "en",
                &["GPT-5"],
                &["OpenAI"],
                false,
            ),
            item(
                3,
                "techcrunch",
                "OpenAI adds 100,000 GPUs in Texas",
                "2026-11-01T11:00:00Z",
                "en",
                &["GPT-4.5"],
                &["OpenAI"],
                false,
            ),
            item(
                4,
                "elpais",
                "Oracle\u{1b}[2J amplía su centro de datos en 300 MW",
                "2026-11-10T08:00:00Z",
                "es",
                &[],
                &["Oracle"],
                false,
            ),
            item(
                5,
                "folha",
                "OpenAI prevê GPT-5 no primeiro trimestre",
                "2026-11-20T10:00:00Z",
                "pt",
                &["GPT-5"],
                &["OpenAI"],
                false,
            ),
            item(
                6,
                "elpais",
                "Google anuncia Gemini 3 Ultra para diciembre",
                "2026-11-25T07:45:00Z",
                "es",
                &["Gemini 3 Ultra"],
                &["Google"],
                true,
            ),
            item(
                7,
                "the-information",
                "Anthropic trains Claude 5",
                "2026-11-12T18:00:00Z",
                "en",
                &["Claude 5"],
                &["Anthropic"],
                false,
            ),
            item(
                8,
                "techcrunch",
                "Microsoft plans 4.5 GW of new datacenters",
                "2026-10-15T12:00:00Z",
                "en",
                &[],
                &["Microsoft"],
                true,
            ),
        ],
        models: vec![gpt5, gpt45, gemini, claude, llama],
        timeline: vec![
            entry(
                "GPT-4.5",
                "rumored",
                "2026-01-01",
                "2026-03-31",
                "quarter",
                "the-information",
                "Orion could arrive early next year.",
            ),
            entry(
                "GPT-4.5",
                "released",
                "2026-02-27",
                "2026-02-27",
                "day",
                "techcrunch",
                "OpenAI released GPT-4.5 today.",
            ),
            entry(
                "GPT-5",
                "expected",
                "2026-07-01",
                "2026-12-31",
                "half",
                "techcrunch",
                "GPT-5 in the second half.",
            ),
            entry(
                "Gemini 3 Ultra",
                "announced",
                "2026-12-01",
                "2026-12-31",
                "month",
                "elpais",
                "Gemini 3 Ultra llegará en diciembre.",
            ),
            entry(
                "GPT-5",
                "delayed",
                "2027-01-01",
                "2027-03-31",
                "quarter",
                "theverge",
                "GPT-5 has slipped to Q1.",
            ),
            entry(
                "GPT-5",
                "expected",
                "2027-01-01",
                "2027-03-31",
                "quarter",
                "folha",
                "GPT-5 no primeiro trimestre de 2027.",
            ),
            entry(
                "Claude 5",
                "rumored",
                "2027-01-01",
                "2027-06-30",
                "half",
                "the-information",
                "Claude 5 for a first-half launch.",
            ),
        ],
        capacity: vec![
            CapacityReport {
                provider: "Microsoft".into(),
                quantities: vec![QuantityReport {
                    value: 4.5,
                    unit: "GW".into(),
                }],
                note: "Microsoft plans 4.5 GW of new datacenter capacity.".into(),
                item_url: Some("https://techcrunch.example/8".into()),
                published: Some(day("2026-10-15")),
                source: "techcrunch".into(),
            },
            CapacityReport {
                provider: "OpenAI".into(),
                quantities: vec![QuantityReport {
                    value: 100_000.0,
                    unit: "GPUs".into(),
                }],
                note: "OpenAI adds 100,000 GPUs in Texas.".into(),
                item_url: Some("https://techcrunch.example/3".into()),
                published: Some(day("2026-11-01")),
                source: "techcrunch".into(),
            },
            CapacityReport {
                provider: "OpenAI".into(),
                quantities: vec![QuantityReport {
                    value: 11.9e9,
                    unit: "USD".into(),
                }],
                note: "A $11.9 billion contract for compute.".into(),
                item_url: Some("https://theverge.example/11".into()),
                published: Some(day("2026-09-20")),
                source: "theverge".into(),
            },
            CapacityReport {
                provider: "Oracle".into(),
                quantities: vec![QuantityReport {
                    value: 300.0,
                    unit: "MW".into(),
                }],
                note: "Oracle amplía su centro de datos en 300 MW.".into(),
                item_url: Some("https://elpais.example/4".into()),
                published: Some(day("2026-11-10")),
                source: "elpais".into(),
            },
            CapacityReport {
                provider: "xAI".into(),
                quantities: vec![
                    QuantityReport {
                        value: 1.0,
                        unit: "GW".into(),
                    },
                    QuantityReport {
                        value: 200_000.0,
                        unit: "GPUs".into(),
                    },
                ],
                note: "xAI's Colossus 2 targets 1 GW and 200k GPUs.".into(),
                item_url: None,
                published: Some(day("2026-08-05")),
                source: "theverge".into(),
            },
        ],
    }
}
