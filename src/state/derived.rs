//! Figures derived from a snapshot once when it is applied, so drawing a frame does not redo
//! them: which models the Timeline strip shows, the capacity notes and totals per provider,
//! unread counts.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;

use crate::report::{CapacityReport, ModelReport, QuantityReport, Report};

/// The Timeline strip shows at most this many models: those with the most recent windows.
const STRIP_MODELS: usize = 8;

/// Plain data computed from the report (indices, counts, dates, sums), never display strings.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Derived {
    /// Into `report.models`: models with an expected window or a release date, the
    /// [`STRIP_MODELS`] with the latest [`anchor`], earliest first (ties by name).
    pub strip_models: Vec<usize>,
    /// Capacity notes per provider, providers in byte order of their names.
    pub providers: Vec<ProviderNotes>,
    /// Publication date of the newest capacity note.
    pub newest_note: Option<NaiveDate>,
    /// Items not read yet.
    pub unread: usize,
}

/// One provider's capacity notes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ProviderNotes {
    /// The provider as the report names it.
    pub provider: String,
    /// Into `report.capacity`, in report order.
    pub notes: Vec<usize>,
    /// Per unit, the sum of the distinct figures of these notes: GW, MW, GPUs and USD first,
    /// other units after in byte order. A figure retold by several stories ("$500 billion" in
    /// ten outlets) is one plan, not ten, so each distinct figure counts once.
    pub totals: Vec<QuantityReport>,
}

/// Units in the order a provider's totals list them; any other unit follows.
const TOTAL_ORDER: [&str; 4] = ["GW", "MW", "GPUs", "USD"];

/// See [`ProviderNotes::totals`].
fn totals<'a>(notes: impl Iterator<Item = &'a CapacityReport>) -> Vec<QuantityReport> {
    let figures: BTreeSet<(&str, u64)> = notes
        .flat_map(|n| &n.quantities)
        .map(|q| (q.unit.as_str(), q.value.to_bits()))
        .collect();
    let mut sums: BTreeMap<&str, f64> = BTreeMap::new();
    for (unit, value) in figures {
        *sums.entry(unit).or_default() += f64::from_bits(value);
    }
    let rank = |unit: &str| TOTAL_ORDER.iter().position(|u| *u == unit);
    let mut totals: Vec<QuantityReport> = sums
        .into_iter()
        .map(|(unit, value)| QuantityReport {
            value,
            unit: unit.to_string(),
        })
        .collect();
    // Stable: units outside the order stay in byte order, after the ordered ones.
    totals.sort_by_key(|q| rank(&q.unit).unwrap_or(TOTAL_ORDER.len()));
    totals
}

impl Derived {
    /// Everything derived from `report`.
    pub fn new(report: &Report) -> Self {
        Self {
            strip_models: strip_models(&report.models),
            providers: providers(report),
            newest_note: report.capacity.iter().filter_map(|n| n.published).max(),
            unread: count_unread(report),
        }
    }
}

/// Items in `report` not read yet.
pub fn count_unread(report: &Report) -> usize {
    report.items.iter().filter(|i| !i.read).count()
}

/// Where a model sits on the Timeline strip: its release date, else its latest expected window.
fn anchor(model: &ModelReport) -> Option<NaiveDate> {
    model.released.or(model.expected.as_ref().map(|w| w.start))
}

fn strip_models(models: &[ModelReport]) -> Vec<usize> {
    let mut list: Vec<usize> = (0..models.len())
        .filter(|&i| anchor(&models[i]).is_some())
        .collect();
    // A stable sort, so models with the same anchor and name keep report order.
    list.sort_by(|&a, &b| {
        let (a, b) = (&models[a], &models[b]);
        (anchor(a), &a.name).cmp(&(anchor(b), &b.name))
    });
    let skip = list.len().saturating_sub(STRIP_MODELS);
    list.split_off(skip)
}

fn providers(report: &Report) -> Vec<ProviderNotes> {
    let mut order: Vec<usize> = (0..report.capacity.len()).collect();
    // Stable: notes of one provider stay in report order.
    order.sort_by(|&a, &b| {
        report.capacity[a]
            .provider
            .cmp(&report.capacity[b].provider)
    });
    let mut groups: Vec<ProviderNotes> = Vec::new();
    for i in order {
        let provider = &report.capacity[i].provider;
        match groups.last_mut() {
            Some(group) if &group.provider == provider => group.notes.push(i),
            _ => groups.push(ProviderNotes {
                provider: provider.clone(),
                notes: vec![i],
                totals: Vec::new(),
            }),
        }
    }
    for group in &mut groups {
        group.totals = totals(group.notes.iter().map(|&i| &report.capacity[i]));
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{CapacityReport, ItemReport};

    fn model(name: &str, released: Option<(i32, u32)>) -> ModelReport {
        ModelReport {
            name: name.into(),
            released: released.and_then(|(y, m)| NaiveDate::from_ymd_opt(y, m, 1)),
            ..ModelReport::default()
        }
    }

    #[test]
    fn strip_keeps_the_latest_anchored_models_earliest_first() {
        let mut models: Vec<ModelReport> = (1..=10)
            .map(|m| model(&format!("m{m:02}"), Some((2025, m))))
            .collect();
        models.push(model("undated", None));
        models.push(model("a-tie", Some((2025, 10))));
        let strip = strip_models(&models);
        let names: Vec<&str> = strip.iter().map(|&i| models[i].name.as_str()).collect();
        assert_eq!(
            names,
            ["m04", "m05", "m06", "m07", "m08", "m09", "a-tie", "m10"]
        );
    }

    fn figures(quantities: &[(f64, &str)]) -> CapacityReport {
        CapacityReport {
            quantities: quantities
                .iter()
                .map(|&(value, unit)| QuantityReport {
                    value,
                    unit: unit.into(),
                })
                .collect(),
            ..CapacityReport::default()
        }
    }

    #[test]
    fn totals_add_each_distinct_figure_once_in_unit_order() {
        let notes = [
            figures(&[(500e9, "USD"), (5.0, "GW")]),
            figures(&[(500e9, "USD"), (3.0, "racks")]),
            figures(&[(100e9, "USD"), (100_000.0, "GPUs")]),
            figures(&[(5.0, "GW"), (1.2, "GW"), (2.0, "acres")]),
        ];
        let totals = totals(notes.iter());
        let totals: Vec<(&str, f64)> = totals.iter().map(|q| (q.unit.as_str(), q.value)).collect();
        assert_eq!(
            totals,
            [
                ("GW", 6.2),
                ("GPUs", 100_000.0),
                ("USD", 600e9),
                ("acres", 2.0),
                ("racks", 3.0)
            ]
        );
    }

    #[test]
    fn providers_group_notes_in_name_order_and_count_unread() {
        let note = |p: &str| CapacityReport {
            provider: p.into(),
            ..CapacityReport::default()
        };
        let report = Report {
            capacity: vec![note("b"), note("a"), note("b"), note("a")],
            items: vec![
                ItemReport::default(),
                ItemReport {
                    read: true,
                    ..ItemReport::default()
                },
            ],
            ..Report::default()
        };
        let derived = Derived::new(&report);
        let groups: Vec<(&str, &[usize])> = derived
            .providers
            .iter()
            .map(|g| (g.provider.as_str(), g.notes.as_slice()))
            .collect();
        assert_eq!(groups, [("a", &[1, 3][..]), ("b", &[0, 2][..])]);
        assert_eq!(derived.unread, 1);
    }
}
