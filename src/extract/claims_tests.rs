//! Claim assembly, through the whole extractor.

use crate::extract::{ClaimKind, Extractor, ItemText};
use chrono::NaiveDate;

/// Subject, kind and window as strings.
type Found = (String, ClaimKind, Option<(String, String)>);

fn claims(body: &str, published: &str) -> Vec<Found> {
    let extractor = Extractor::new(crate::extract::Catalog::embedded());
    let item = ItemText {
        title: "",
        body,
        lang_hint: Some("en"),
        published: published.parse::<NaiveDate>().unwrap(),
    };
    extractor
        .extract(&item)
        .claims
        .into_iter()
        .map(|c| {
            (
                c.subject,
                c.kind,
                c.window.map(|w| (w.start.to_string(), w.end.to_string())),
            )
        })
        .collect()
}

fn w(a: &str, b: &str) -> Option<(String, String)> {
    Some((a.into(), b.into()))
}

#[test]
fn models_take_the_nearest_cue_and_its_time() {
    let got = claims(
        "OpenAI released GPT-4.5 on Thursday and expects GPT-5 in May.",
        "2025-02-28",
    );
    assert_eq!(
        got,
        vec![
            (
                "GPT-4.5".into(),
                ClaimKind::Released,
                w("2025-02-27", "2025-02-27")
            ),
            (
                "GPT-5".into(),
                ClaimKind::Expected,
                w("2025-05-01", "2025-05-31")
            ),
        ]
    );
}

#[test]
fn a_cue_without_a_model_in_its_clause_borrows_the_nearest() {
    let got = claims(
        "OpenAI said it would release GPT-5 by the end of 2024, but it was delayed to early 2025.",
        "2025-02-21",
    );
    assert!(
        got.contains(&(
            "GPT-5".into(),
            ClaimKind::Expected,
            w("2024-10-01", "2024-12-31")
        )),
        "{got:?}"
    );
    assert!(
        got.contains(&(
            "GPT-5".into(),
            ClaimKind::Delayed,
            w("2025-01-01", "2025-04-30")
        )),
        "{got:?}"
    );
}

#[test]
fn time_in_a_clause_without_cue_is_shared() {
    let got = claims(
        "Last week, Anthropic released Claude 3.7 Sonnet.",
        "2025-03-05",
    );
    assert_eq!(
        got,
        vec![(
            "Claude 3.7 Sonnet".into(),
            ClaimKind::Released,
            w("2025-02-24", "2025-03-02")
        )]
    );
}

#[test]
fn rumours_override_expectations() {
    let got = claims(
        "According to people familiar with the plans, OpenAI will launch GPT-5 in May.",
        "2025-02-21",
    );
    assert_eq!(
        got,
        vec![(
            "GPT-5".into(),
            ClaimKind::Rumored,
            w("2025-05-01", "2025-05-31")
        )]
    );
}

#[test]
fn sentences_without_models_make_no_claims() {
    assert!(claims("The company expects to launch in May.", "2025-02-21").is_empty());
}
