//! The seed article (pt-BR, about Microsoft preparing servers for GPT-4.5 and GPT-5), resolved
//! against 2025-02-21, yields what issue 3 lists.

use airadar::extract::{Catalog, Claim, ClaimKind, Extraction, Extractor, ItemText, Precision};
use chrono::NaiveDate;

const SEED: &str = include_str!("corpus/seed/microsoft-gpt45-gpt5-servers.pt.txt");

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn extract() -> Extraction {
    let extractor = Extractor::new(Catalog::embedded());
    extractor.extract(&ItemText {
        title: "Microsoft acelera servidores para GPT-4.5 e GPT-5 da OpenAI",
        body: SEED,
        lang_hint: None,
        published: d("2025-02-21"),
    })
}

fn find<'a>(x: &'a Extraction, subject: &str, kind: ClaimKind) -> Vec<&'a Claim> {
    x.claims
        .iter()
        .filter(|c| c.subject == subject && c.kind == kind)
        .collect()
}

#[test]
fn language_is_detected_as_portuguese() {
    assert_eq!(extract().lang, "pt");
}

#[test]
fn models_include_gpt45_gpt5_and_o3_but_not_the_gpt2024_codename() {
    let x = extract();
    for model in ["GPT-4.5", "GPT-5", "o3"] {
        assert!(
            x.models.iter().any(|m| m == model),
            "{model} missing from {:?}",
            x.models
        );
    }
    assert!(
        !x.models.iter().any(|m| m.contains("2024")),
        "{:?}",
        x.models
    );
}

#[test]
fn orion_is_resolved_to_gpt45() {
    let x = extract();
    assert_eq!(
        x.models.iter().filter(|m| m.as_str() == "GPT-4.5").count(),
        1
    );
    assert!(!x.models.iter().any(|m| m == "Orion"));
}

#[test]
fn gpt45_is_expected_within_a_few_weeks() {
    let x = extract();
    let few_weeks = find(&x, "GPT-4.5", ClaimKind::Expected)
        .into_iter()
        .filter_map(|c| c.window)
        .any(|w| {
            w.precision == Precision::Fuzzy && w.start > d("2025-02-21") && w.end <= d("2025-04-30")
        });
    assert!(few_weeks, "{:#?}", x.claims);
}

#[test]
fn microsoft_hosts_gpt45_from_next_week() {
    let x = extract();
    let next_week = x.claims.iter().any(|c| {
        c.subject == "GPT-4.5"
            && c.evidence.contains("Microsoft")
            && c.window
                .is_some_and(|w| w.start == d("2025-02-24") && w.end == d("2025-03-02"))
    });
    assert!(next_week, "{:#?}", x.claims);
}

#[test]
fn gpt5_is_expected_at_the_end_of_may() {
    let x = extract();
    let may = find(&x, "GPT-5", ClaimKind::Expected).into_iter().any(|c| {
        c.window
            .is_some_and(|w| w.start == d("2025-05-21") && w.end == d("2025-05-31"))
    });
    assert!(may, "{:#?}", x.claims);
}

#[test]
fn the_flagship_was_planned_for_end_2024_and_delayed_to_early_2025() {
    let x = extract();
    let planned = x.claims.iter().any(|c| {
        c.subject == "GPT-5"
            && matches!(c.kind, ClaimKind::Expected | ClaimKind::Announced)
            && c.window
                .is_some_and(|w| w.end == d("2024-12-31") && w.start >= d("2024-09-01"))
    });
    let delayed = find(&x, "GPT-5", ClaimKind::Delayed).into_iter().any(|c| {
        c.window
            .is_some_and(|w| w.start == d("2025-01-01") && w.end <= d("2025-06-30"))
    });
    assert!(planned && delayed, "{:#?}", x.claims);
}

#[test]
fn microsoft_is_the_provider_preparing_capacity() {
    let x = extract();
    assert_eq!(
        x.providers.first().map(String::as_str),
        Some("Microsoft"),
        "{:?}",
        x.providers
    );
    assert!(x.providers.iter().any(|p| p == "OpenAI"));
}
