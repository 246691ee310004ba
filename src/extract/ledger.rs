//! Per-model aggregation of claims across items: status, expected window, release, slip.
//!
//! * **status**: `released` once any source says so (a release is not undone by later talk);
//!   otherwise the kind of the latest claim by publication date, ties broken by strength:
//!   delayed > announced > expected > rumored. No claim at all: `mentioned`.
//! * **expected**: the window of the latest expected or delayed claim; among claims of the same
//!   date the later window wins (a promise that moves, moves forward), then the stronger kind.
//! * **released**: the earliest release date claimed: the window start, else the item's date.
//! * **slip_days**: days from the end of the first promised window (the earliest published
//!   expected or delayed claim with a window) to the release date, or to the end of the
//!   current expected window while unreleased.
//! * **claims**: oldest first. A claim from a near-duplicate story (fingerprints within
//!   [`NEAR_DUPLICATE_BITS`](super::fingerprint::NEAR_DUPLICATE_BITS)) with the same kind and an
//!   overlapping window is folded into the first one: it corroborates, it is not new news.
//!   `corroboration` counts the distinct sources making the same claim (same kind, overlapping
//!   windows, or both without a window), folded stories included.

use std::collections::BTreeSet;

use chrono::NaiveDate;

use super::fingerprint::{NEAR_DUPLICATE_BITS, near_duplicate};
use super::{Claim, ClaimKind, TimeWindow};
use crate::report::{ClaimReport, ModelReport, WindowReport};

/// A claim together with where it was found, as the store keeps it.
#[derive(Debug, Clone, PartialEq)]
pub struct LedgerClaim {
    /// The claim.
    pub claim: Claim,
    /// Source name.
    pub source: String,
    /// Item link.
    pub item_url: Option<String>,
    /// Item publication date.
    pub published: NaiveDate,
    /// Near-duplicate fingerprint of the item (see [`super::Extraction::fingerprint`]).
    pub fingerprint: u64,
}

/// One item mentioning a model.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    /// Source name.
    pub source: String,
    /// Item publication date.
    pub published: NaiveDate,
}

/// Rank used to break ties between claims of the same date (see the module docs).
fn strength(kind: ClaimKind) -> u8 {
    match kind {
        ClaimKind::Released => 5,
        ClaimKind::Delayed => 4,
        ClaimKind::Announced => 3,
        ClaimKind::Expected => 2,
        ClaimKind::Rumored => 1,
    }
}

fn window_report(w: &TimeWindow) -> WindowReport {
    WindowReport {
        start: w.start,
        end: w.end,
        precision: w.precision.name().to_string(),
    }
}

/// Whether two claims say the same thing: same kind and overlapping windows (or neither dated).
fn same_claim(a: &Claim, b: &Claim) -> bool {
    a.kind == b.kind
        && match (a.window, b.window) {
            (Some(x), Some(y)) => x.start <= y.end && y.start <= x.end,
            (None, None) => true,
            _ => false,
        }
}

/// What [`same_claim`] looks at: kind and window bounds.
type ClaimKey = (u8, Option<(NaiveDate, NaiveDate)>);

fn claim_key(claim: &Claim) -> ClaimKey {
    (strength(claim.kind), claim.window.map(|w| (w.start, w.end)))
}

/// Bits per fingerprint band: 64 bits cut into `NEAR_DUPLICATE_BITS + 1` bands.
const BAND_BITS: u32 = 64 / (NEAR_DUPLICATE_BITS + 1);

/// How many bands a fingerprint is cut into.
const BANDS: usize = NEAR_DUPLICATE_BITS as usize + 1;

/// The fingerprint's bands, each tagged with its position (the last band takes the remainder).
fn fingerprint_bands(fingerprint: u64) -> [(u32, u64); BANDS] {
    std::array::from_fn(|band| {
        let band = band as u32;
        let shift = band * BAND_BITS;
        let width = if band == NEAR_DUPLICATE_BITS {
            64 - shift
        } else {
            BAND_BITS
        };
        let mask = if width >= 64 {
            u64::MAX
        } else {
            (1u64 << width) - 1
        };
        (band, (fingerprint >> shift) & mask)
    })
}

fn is_promise(kind: ClaimKind) -> bool {
    matches!(kind, ClaimKind::Expected | ClaimKind::Delayed)
}

/// A claim [`summarize_ledger`] keeps in a model's ledger.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeptClaim {
    /// Its position in the claims given.
    pub index: usize,
    /// Distinct sources making the same claim (near-duplicate stories included).
    pub corroboration: u64,
}

/// A model's row without its claims, and which claims its ledger keeps, oldest first. The
/// store keeps the claims themselves once, in their own table, and only their ids here.
#[derive(Debug, Clone, PartialEq)]
pub struct Ledger {
    /// The row, with `claims` empty.
    pub report: ModelReport,
    /// The ledger's claims.
    pub kept: Vec<KeptClaim>,
}

/// Builds a model's row from its mentions and claims (in any order).
///
/// `vendor` and `aliases` come from the catalogue when the model is known there.
pub fn summarize(
    name: &str,
    vendor: Option<&str>,
    aliases: &[String],
    mentions: &[Mention],
    claims: &[LedgerClaim],
) -> ModelReport {
    let Ledger { mut report, kept } = summarize_ledger(name, vendor, aliases, mentions, claims);
    report.claims = kept
        .iter()
        .map(|k| claim_report(&claims[k.index], k.corroboration))
        .collect();
    report
}

/// One ledger entry as the report shows it.
pub fn claim_report(c: &LedgerClaim, corroboration: u64) -> ClaimReport {
    ClaimReport {
        kind: c.claim.kind.name().to_string(),
        start: c.claim.window.map(|w| w.start),
        end: c.claim.window.map(|w| w.end),
        precision: c
            .claim
            .window
            .as_ref()
            .map(|w| w.precision.name().to_string()),
        source: c.source.clone(),
        item_url: c.item_url.clone(),
        published: Some(c.published),
        evidence: c.claim.evidence.clone(),
        corroboration,
    }
}

/// Like [`summarize`], but the ledger is given as positions into `claims`, which it never
/// copies: evidence is not looked at and may be left empty.
pub fn summarize_ledger(
    name: &str,
    vendor: Option<&str>,
    aliases: &[String],
    mentions: &[Mention],
    claims: &[LedgerClaim],
) -> Ledger {
    // Each claim with its position in `claims`, oldest first (a stable sort keeps input order
    // among equals).
    let mut sorted: Vec<(usize, &LedgerClaim)> = claims.iter().enumerate().collect();
    sorted.sort_by_key(|(_, c)| (c.published, c.claim.window.map(|w| w.start)));
    let released = sorted
        .iter()
        .map(|&(_, c)| c)
        .filter(|c| c.claim.kind == ClaimKind::Released)
        .map(|c| c.claim.window.map_or(c.published, |w| w.start))
        .min();
    let status = if released.is_some() {
        "released"
    } else {
        sorted
            .iter()
            .map(|&(_, c)| c)
            .max_by_key(|c| (c.published, strength(c.claim.kind)))
            .map_or("mentioned", |c| c.claim.kind.name())
    };
    let expected = sorted
        .iter()
        .map(|&(_, c)| c)
        .filter(|c| is_promise(c.claim.kind))
        .filter_map(|c| {
            c.claim
                .window
                .map(|w| (c.published, strength(c.claim.kind), w.end, w))
        })
        .max_by_key(|&(published, strength, end, _)| (published, end, strength))
        .map(|(.., w)| w);
    let first_promise = sorted
        .iter()
        .map(|&(_, c)| c)
        .filter(|c| is_promise(c.claim.kind))
        .find_map(|c| c.claim.window);
    let slip_days = first_promise.and_then(|first| {
        let target = released.or(expected.map(|w| w.end))?;
        Some((target - first.end).num_days())
    });

    // Fold near-duplicate stories into the first telling of the same claim. Comparing each
    // claim with every kept one is quadratic in a model's claims (seconds per fetch once a
    // model has thousands), so kept claims are indexed by fingerprint band: two fingerprints
    // within NEAR_DUPLICATE_BITS differ in at most that many of NEAR_DUPLICATE_BITS + 1
    // disjoint bands, so they share at least one band exactly (pigeonhole) and the index
    // finds every near duplicate.
    let mut kept: Vec<(usize, &LedgerClaim)> = Vec::new();
    let mut by_band = BandIndex::default();
    for &(index, c) in &sorted {
        let bands = fingerprint_bands(c.fingerprint);
        let duplicate = bands.iter().any(|&band| {
            by_band.with(band).any(|k| {
                same_claim(&kept[k].1.claim, &c.claim)
                    && near_duplicate(kept[k].1.fingerprint, c.fingerprint)
            })
        });
        if !duplicate {
            for band in bands {
                by_band.add(band, kept.len());
            }
            kept.push((index, c));
        }
    }
    // Corroboration depends only on a claim's kind and window: count each distinct one once.
    let sources = Corroborators::new(&sorted);
    let mut seen = vec![usize::MAX; sources.count];
    let mut corroboration: foldhash::HashMap<ClaimKey, u64> = Default::default();
    let kept = kept
        .iter()
        .enumerate()
        .map(|(round, &(index, c))| {
            let corroboration = *corroboration
                .entry(claim_key(&c.claim))
                .or_insert_with(|| sources.count_for(&c.claim, &mut seen, round));
            KeptClaim {
                index,
                corroboration,
            }
        })
        .collect();

    let sources: BTreeSet<&str> = mentions.iter().map(|m| m.source.as_str()).collect();
    let report = ModelReport {
        name: name.to_string(),
        vendor: vendor.map(str::to_string),
        aliases: aliases.to_vec(),
        status: status.to_string(),
        expected: expected.as_ref().map(window_report),
        released,
        first_seen: mentions.iter().map(|m| m.published).min(),
        last_seen: mentions.iter().map(|m| m.published).max(),
        mentions: mentions.len() as u64,
        sources: sources.len() as u64,
        claims: Vec::new(),
        slip_days,
    };
    Ledger { report, kept }
}

/// Kept claims by fingerprint band: per band value, a chain of kept claims threaded through
/// one vector (a vector per band value was an allocation per kept claim and band).
#[derive(Default)]
struct BandIndex {
    /// The newest entry of each band value's chain.
    heads: foldhash::HashMap<u32, usize>,
    /// Entries as (kept claim, previous entry of the same band value).
    entries: Vec<(usize, Option<usize>)>,
}

impl BandIndex {
    fn key((band, value): (u32, u64)) -> u32 {
        // Bands are 16 bits wide, so band and value fit in 32 bits. (Were they wider, keys
        // could collide; that would only add candidates, which are compared in full anyway.)
        (band << BAND_BITS) | value as u32
    }

    fn add(&mut self, band: (u32, u64), kept: usize) {
        let entry = self.entries.len();
        let previous = self.heads.insert(Self::key(band), entry);
        self.entries.push((kept, previous));
    }

    /// The kept claims with this band value, newest first.
    fn with(&self, band: (u32, u64)) -> impl Iterator<Item = usize> + '_ {
        let mut next = self.heads.get(&Self::key(band)).copied();
        std::iter::from_fn(move || {
            let (kept, previous) = self.entries[next?];
            next = previous;
            Some(kept)
        })
    }
}

/// The sources of a model's claims, arranged so the sources making the same claim as a given
/// one are found without comparing it with every claim (a model can have thousands, and as
/// many distinct windows).
struct Corroborators {
    /// Per kind (by [`strength`]): dated claims as `(start, end, source)`, sorted by start.
    dated: [Vec<(NaiveDate, NaiveDate, usize)>; 6],
    /// Per kind: the longest window in days. A window overlapping `[s, e]` starts within
    /// `[s - longest, e]`, so only that stretch of `dated` is looked at.
    longest: [u64; 6],
    /// Per kind: how many distinct sources make an undated claim.
    undated: [u64; 6],
    /// How many distinct sources there are (sources are numbered `0..count`).
    count: usize,
}

impl Corroborators {
    fn new(claims: &[(usize, &LedgerClaim)]) -> Self {
        // Sources are numbered once, so counting marks slots in a table instead of building a
        // set of names.
        let mut numbers: foldhash::HashMap<&str, usize> = Default::default();
        let mut dated: [Vec<_>; 6] = Default::default();
        let mut longest = [0u64; 6];
        let mut undated_sources: [BTreeSet<usize>; 6] = Default::default();
        for (_, c) in claims {
            let next = numbers.len();
            let source = *numbers.entry(c.source.as_str()).or_insert(next);
            let kind = usize::from(strength(c.claim.kind));
            match c.claim.window {
                Some(w) => {
                    let days = u64::try_from((w.end - w.start).num_days()).unwrap_or(0);
                    longest[kind] = longest[kind].max(days);
                    dated[kind].push((w.start, w.end, source));
                }
                None => {
                    undated_sources[kind].insert(source);
                }
            }
        }
        for claims in &mut dated {
            claims.sort_unstable();
        }
        Self {
            dated,
            longest,
            undated: undated_sources.map(|s| s.len() as u64),
            count: numbers.len(),
        }
    }

    /// Distinct sources making the same claim as `claim` (see [`same_claim`]). `seen` has a
    /// slot per source; `round` must differ from every earlier call's.
    fn count_for(&self, claim: &Claim, seen: &mut [usize], round: usize) -> u64 {
        let kind = usize::from(strength(claim.kind));
        let Some(w) = claim.window else {
            return self.undated[kind];
        };
        let claims = &self.dated[kind];
        let earliest = w
            .start
            .checked_sub_days(chrono::Days::new(self.longest[kind]));
        let from = earliest.map_or(0, |earliest| claims.partition_point(|c| c.0 < earliest));
        let mut count = 0;
        for &(start, end, source) in &claims[from..] {
            if start > w.end {
                break;
            }
            if end >= w.start && seen[source] != round {
                seen[source] = round;
                count += 1;
            }
        }
        count
    }
}

#[cfg(test)]
#[path = "ledger_tests.rs"]
mod tests;
