//! The seed's story as a ledger: "end of 2024" → "early 2025" → "end of May" → released.

use super::*;
use crate::extract::Precision;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn claim(
    kind: ClaimKind,
    window: Option<(&str, &str, Precision)>,
    source: &str,
    published: &str,
    fp: u64,
) -> LedgerClaim {
    LedgerClaim {
        claim: Claim {
            subject: "GPT-5".into(),
            kind,
            window: window.map(|(a, b, precision)| TimeWindow {
                start: d(a),
                end: d(b),
                precision,
            }),
            evidence: format!("{source} says"),
        },
        source: source.into(),
        item_url: Some(format!("https://{source}/gpt5")),
        published: d(published),
        fingerprint: fp,
    }
}

/// The promise moving, with the "end of May" wire story also run (lightly edited) by a second
/// outlet, and an unrelated story from a third outlet making the same claim.
fn story() -> Vec<LedgerClaim> {
    vec![
        claim(
            ClaimKind::Released,
            Some(("2025-08-07", "2025-08-07", Precision::Day)),
            "openai.com",
            "2025-08-07",
            0xffff_0000,
        ),
        claim(
            ClaimKind::Expected,
            Some(("2025-05-21", "2025-05-31", Precision::Month)),
            "wire-copy",
            "2025-02-22",
            0x0f0f_0f0f ^ 0b101,
        ),
        claim(
            ClaimKind::Expected,
            Some(("2024-10-01", "2024-12-31", Precision::Year)),
            "theinformation",
            "2024-06-10",
            0x1234_5678,
        ),
        claim(
            ClaimKind::Delayed,
            Some(("2025-01-01", "2025-04-30", Precision::Year)),
            "seed",
            "2025-02-21",
            0x0f0f_0f0f,
        ),
        claim(
            ClaimKind::Expected,
            Some(("2025-05-21", "2025-05-31", Precision::Month)),
            "seed",
            "2025-02-21",
            0x0f0f_0f0f,
        ),
        claim(
            ClaimKind::Expected,
            Some(("2025-05-01", "2025-05-31", Precision::Month)),
            "verge",
            "2025-03-01",
            0xdead_beef_0000,
        ),
    ]
}

fn mentions() -> Vec<Mention> {
    [
        "theinformation",
        "seed",
        "wire-copy",
        "verge",
        "openai.com",
        "seed",
    ]
    .iter()
    .map(|s| Mention {
        source: s.to_string(),
        published: d("2025-02-21"),
    })
    .collect()
}

#[test]
fn a_released_model_reports_release_date_and_slip() {
    let r = summarize(
        "GPT-5",
        Some("OpenAI"),
        &["GPT 5".into()],
        &mentions(),
        &story(),
    );
    assert_eq!(r.status, "released");
    assert_eq!(r.released, Some(d("2025-08-07")));
    // Latest expectation before release: the verge's May claim (published 2025-03-01).
    assert_eq!(
        r.expected.as_ref().map(|w| (w.start, w.end)),
        Some((d("2025-05-01"), d("2025-05-31")))
    );
    // First promise ended 2024-12-31; released 2025-08-07.
    assert_eq!(r.slip_days, Some(219));
    assert_eq!(r.mentions, 6);
    assert_eq!(r.sources, 5);
}

#[test]
fn claims_are_oldest_first_and_near_duplicates_fold_into_corroboration() {
    let r = summarize("GPT-5", None, &[], &mentions(), &story());
    let kinds: Vec<(&str, Option<NaiveDate>)> = r
        .claims
        .iter()
        .map(|c| (c.kind.as_str(), c.published))
        .collect();
    assert_eq!(
        kinds,
        vec![
            ("expected", Some(d("2024-06-10"))),
            ("delayed", Some(d("2025-02-21"))),
            ("expected", Some(d("2025-02-21"))),
            ("expected", Some(d("2025-03-01"))),
            ("released", Some(d("2025-08-07"))),
        ],
        "the wire copy folds into the seed's claim"
    );
    let end_of_may = &r.claims[2];
    assert_eq!(end_of_may.source, "seed");
    // seed + wire copy (folded) + verge (same kind, overlapping window, different story).
    assert_eq!(end_of_may.corroboration, 3);
    assert_eq!(r.claims[0].corroboration, 1);
    assert_eq!(end_of_may.precision.as_deref(), Some("month"));
}

#[test]
fn before_release_status_follows_the_latest_claim_and_slip_the_latest_window() {
    let before: Vec<LedgerClaim> = story()
        .into_iter()
        .filter(|c| c.claim.kind != ClaimKind::Released)
        .collect();
    let r = summarize("GPT-5", None, &[], &mentions(), &before);
    assert_eq!(r.status, "expected");
    assert_eq!(r.released, None);
    assert_eq!(r.slip_days, Some(151)); // 2024-12-31 → 2025-05-31

    let first_two: Vec<LedgerClaim> = before
        .into_iter()
        .filter(|c| c.published <= d("2025-02-21") && c.source != "wire-copy")
        .collect();
    let r = summarize("GPT-5", None, &[], &mentions(), &first_two);
    // Same day: delayed outranks expected for the status; the later window is the expectation.
    assert_eq!(r.status, "delayed");
    assert_eq!(r.expected.as_ref().map(|w| w.end), Some(d("2025-05-31")));
}

#[test]
fn no_claims_means_mentioned() {
    let r = summarize("o3", Some("OpenAI"), &[], &mentions()[..1], &[]);
    assert_eq!(r.status, "mentioned");
    assert_eq!((r.expected, r.released, r.slip_days), (None, None, None));
    assert_eq!(r.first_seen, Some(d("2025-02-21")));
}

#[test]
fn fingerprints_within_the_near_duplicate_distance_share_a_band() {
    // The folding index relies on this: flip any NEAR_DUPLICATE_BITS bits, a band stays equal.
    for base in [0u64, u64::MAX, 0x9e37_79b9_7f4a_7c15] {
        let ours = fingerprint_bands(base);
        for a in 0..64 {
            for b in a..64 {
                for c in b..64 {
                    let other = base ^ (1 << a) ^ (1 << b) ^ (1 << c);
                    let theirs = fingerprint_bands(other);
                    assert!(
                        theirs.iter().any(|band| ours.contains(band)),
                        "{base:x} vs {other:x}"
                    );
                }
            }
        }
    }
}

#[test]
fn near_duplicates_differing_in_every_band_but_one_still_fold() {
    let window = Some(("2025-05-01", "2025-05-31", Precision::Month));
    // Bits 5, 21 and 37 sit in three different 16-bit bands; the fourth band is equal.
    let fp = 0x0123_4567_89ab_cdef_u64;
    let near = fp ^ (1 << 5) ^ (1 << 21) ^ (1 << 37);
    let claims = [
        claim(ClaimKind::Expected, window, "a", "2025-03-01", fp),
        claim(ClaimKind::Expected, window, "b", "2025-03-02", near),
        claim(ClaimKind::Expected, window, "c", "2025-03-03", !fp),
    ];
    let row = summarize("GPT-5", None, &[], &[], &claims);
    assert_eq!(row.claims.len(), 2, "{:?}", row.claims);
    assert_eq!(row.claims[0].source, "a");
    assert_eq!(row.claims[0].corroboration, 3);
    assert_eq!(row.claims[1].source, "c");
}

/// Corroboration as the module docs define it, counted the slow way: distinct sources of every
/// claim that says the same.
fn corroboration_by_definition(claims: &[LedgerClaim], of: &Claim) -> u64 {
    let sources: BTreeSet<&str> = claims
        .iter()
        .filter(|o| same_claim(&o.claim, of))
        .map(|o| o.source.as_str())
        .collect();
    sources.len() as u64
}

proptest::proptest! {
    #[test]
    fn corroboration_matches_its_definition(
        picks in proptest::collection::vec(
            (
                0..5usize,
                proptest::option::of((0..200i64, 0..120i64)),
                0..7usize,
                0..40u32,
            ),
            1..80,
        )
    ) {
        let kinds = [
            ClaimKind::Expected,
            ClaimKind::Delayed,
            ClaimKind::Released,
            ClaimKind::Announced,
            ClaimKind::Rumored,
        ];
        let sources = ["a", "b", "c", "d", "e", "f", "g"];
        let claims: Vec<LedgerClaim> = picks
            .iter()
            .map(|&(kind, window, source, day)| {
                let published = d("2025-01-01") + chrono::Duration::days(i64::from(day));
                let mut c = claim(kinds[kind], None, sources[source], "2025-01-01", 0);
                // Windows of any length, overlapping in every way (or none).
                c.claim.window = window.map(|(start, days)| {
                    let start = d("2025-01-01") + chrono::Duration::days(start);
                    TimeWindow {
                        start,
                        end: start + chrono::Duration::days(days),
                        precision: Precision::Fuzzy,
                    }
                });
                c.published = published;
                // Far-apart fingerprints: nothing folds, every claim is in the ledger.
                c.fingerprint = u64::from(day).wrapping_mul(0x9e37_79b9_7f4a_7c15);
                c
            })
            .collect();
        let ledger = summarize_ledger("GPT-5", None, &[], &[], &claims);
        for kept in &ledger.kept {
            let expected = corroboration_by_definition(&claims, &claims[kept.index].claim);
            proptest::prop_assert_eq!(kept.corroboration, expected);
        }
    }
}
