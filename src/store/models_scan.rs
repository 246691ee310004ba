//! Model summaries from one pass over the mention and claim tables, instead of one look-up per
//! model through the indexes: for the end of a first fetch, when every model is stale and those
//! indexes are not built yet (`Store::finish_fetch`).

use std::collections::{BTreeSet, HashMap};

use chrono::NaiveDate;
use rusqlite::Connection;

use super::StoreError;
use super::codec::from_ms;
use super::models::{
    Entries, Helper, ModelFacts, SourceNames, Summaries, claim_parts, summarise_with,
};
use crate::extract::ledger::{LedgerClaim, Mention};
use crate::extract::{Claim, ClaimKind, TimeWindow};

/// Every mention, in table order.
const ALL_MENTIONS: &str = "SELECT model, source_id, published FROM item_models";

/// Every claim, in table order, in `models::claim_parts`'s columns plus source id (4), id (9)
/// and subject (10); evidence and link are not read, as in `models::LEDGER_CLAIMS`.
const ALL_CLAIMS: &str =
    "SELECT kind, start, end, precision, source_id, NULL, NULL, published, fingerprint, id,
        subject
     FROM claims";

/// Rows reserved at most before reading claims (their largest id bounds their number).
const RESERVE_MAX: i64 = 1 << 20;

/// What `models::summarise` computes for `names`, from the same rows (each model's claims in the
/// same order, by date and id), read in one pass.
///
/// The claims are held as plain numbers in one vector, sorted by model, and made into
/// [`LedgerClaim`]s one model at a time: 25,000 items' 46,000 claims take 2.6 MB so.
pub(crate) fn summarise_scanning(
    conn: &Connection,
    names: &BTreeSet<String>,
    facts: impl Fn(&str) -> Option<ModelFacts>,
) -> Result<Summaries, StoreError> {
    let sources = SourceNames::read(conn)?;
    // Each model by its position in `names`, the order in which `summarise_with` asks.
    let position: HashMap<&str, usize> = names
        .iter()
        .enumerate()
        .map(|(i, name)| (name.as_str(), i))
        .collect();
    let model = |text: rusqlite::types::ValueRef<'_>| {
        text.as_str().ok().and_then(|n| position.get(n).copied())
    };
    let mut mentions: Vec<(usize, i64, i64)> = Vec::new();
    let mut stmt = conn.prepare(ALL_MENTIONS)?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        if let Some(m) = model(r.get_ref(0)?) {
            mentions.push((m, r.get(2)?, r.get(1)?));
        }
    }
    let most: i64 = conn.query_row("SELECT coalesce(max(id), 0) FROM claims", [], |r| r.get(0))?;
    let mut claims: Vec<ClaimRow> = Vec::with_capacity(most.clamp(0, RESERVE_MAX) as usize);
    let mut stmt = conn.prepare(ALL_CLAIMS)?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let Some(m) = model(r.get_ref(10)?) else {
            continue;
        };
        let Some((kind, window, published)) = claim_parts(r)? else {
            continue;
        };
        claims.push(ClaimRow {
            order: (m, r.get(7)?, r.get(9)?),
            kind,
            window,
            published,
            source: r.get(4)?,
            fingerprint: r.get::<_, i64>(8)? as u64, // the bit pattern stored by items.rs
        });
    }
    // By model; within one, mentions may come in any order (`summarize_ledger` counts them and
    // takes their first and last dates), but claims go oldest first, as through the index.
    mentions.sort_unstable_by_key(|&(model, ..)| model);
    claims.sort_unstable_by_key(|row| row.order);
    let (mut mentions, mut claims) = (&mentions[..], &claims[..]);
    // The index build has the other core: a helper thread would only hold more memory.
    let read = |name: &str| {
        let m = position[name];
        let found = take_while(&mut mentions, |&(of, ..)| of == m);
        let about = take_while(&mut claims, |row| row.order.0 == m);
        Ok(Entries {
            mentions: found
                .iter()
                .filter_map(|&(_, published, source)| {
                    Some(Mention {
                        source: sources.name(source),
                        published: from_ms(Some(published))?.date_naive(),
                    })
                })
                .collect(),
            ids: about.iter().map(|row| row.order.2).collect(),
            claims: about
                .iter()
                .map(|row| LedgerClaim {
                    claim: Claim {
                        subject: name.to_string(),
                        kind: row.kind,
                        window: row.window,
                        evidence: String::new(),
                    },
                    source: sources.name(row.source),
                    item_url: None,
                    published: row.published,
                    fingerprint: row.fingerprint,
                })
                .collect(),
        })
    };
    summarise_with(conn, names, facts, read, Helper::None)
}

/// Splits off the leading elements of `rest` for which `of` holds.
fn take_while<'a, T>(rest: &mut &'a [T], of: impl Fn(&T) -> bool) -> &'a [T] {
    let n = rest.iter().take_while(|x| of(x)).count();
    let (head, tail) = rest.split_at(n);
    *rest = tail;
    head
}

/// A claim as read, without the strings a [`LedgerClaim`] holds.
struct ClaimRow {
    /// The model's position, publication time in ms and row id: by model, the order of
    /// `models::LEDGER_CLAIMS`.
    order: (usize, i64, i64),
    kind: ClaimKind,
    window: Option<TimeWindow>,
    published: NaiveDate,
    source: i64,
    fingerprint: u64,
}
