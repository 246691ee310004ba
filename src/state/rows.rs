//! Which rows each pane shows, in which order: filters, sort and identity keys over a Report.

use chrono::NaiveDate;

use crate::report::Report;

use super::Pane;

/// Sort column of the Models table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ModelSort {
    /// Most recently mentioned first.
    #[default]
    LastSeen,
    /// Alphabetical.
    Name,
    /// Most mentioned first.
    Mentions,
    /// Largest slip first.
    Slip,
    /// Earliest expected window (or release) first.
    Expected,
}

impl ModelSort {
    /// The next column in the cycle.
    pub fn next(self) -> Self {
        match self {
            ModelSort::LastSeen => ModelSort::Name,
            ModelSort::Name => ModelSort::Mentions,
            ModelSort::Mentions => ModelSort::Slip,
            ModelSort::Slip => ModelSort::Expected,
            ModelSort::Expected => ModelSort::LastSeen,
        }
    }

    /// Label shown in the pane title.
    pub fn label(self) -> &'static str {
        match self {
            ModelSort::LastSeen => "last seen",
            ModelSort::Name => "name",
            ModelSort::Mentions => "mentions",
            ModelSort::Slip => "slip",
            ModelSort::Expected => "expected",
        }
    }
}

/// The claim kinds the Timeline filter cycles through (`None` = all).
pub const TIMELINE_KINDS: [&str; 5] = ["announced", "expected", "released", "delayed", "rumored"];

/// The next Timeline kind filter after `current`.
pub fn next_kind(current: Option<&'static str>) -> Option<&'static str> {
    match current {
        None => Some(TIMELINE_KINDS[0]),
        Some(kind) => {
            let at = TIMELINE_KINDS.iter().position(|k| *k == kind).unwrap_or(0);
            TIMELINE_KINDS.get(at + 1).copied()
        }
    }
}

/// Indices into the report's vectors, per pane, after filtering and sorting.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rows {
    /// Into `report.models`.
    pub models: Vec<usize>,
    /// Into `report.timeline`, ascending by window start.
    pub timeline: Vec<usize>,
    /// Into `report.capacity`, grouped by provider, newest first within a group.
    pub capacity: Vec<usize>,
    /// Into `report.sources`, in config order.
    pub sources: Vec<usize>,
    /// Into `report.items`, newest first.
    pub news: Vec<usize>,
}

impl Rows {
    /// The indices shown in `pane`.
    pub fn get(&self, pane: Pane) -> &[usize] {
        match pane {
            Pane::Models => &self.models,
            Pane::Timeline => &self.timeline,
            Pane::Capacity => &self.capacity,
            Pane::Sources => &self.sources,
            Pane::News => &self.news,
        }
    }

    fn get_mut(&mut self, pane: Pane) -> &mut Vec<usize> {
        match pane {
            Pane::Models => &mut self.models,
            Pane::Timeline => &mut self.timeline,
            Pane::Capacity => &mut self.capacity,
            Pane::Sources => &mut self.sources,
            Pane::News => &mut self.news,
        }
    }
}

/// Options that decide rows, besides the per-pane text filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RowOptions {
    /// Models sort column.
    pub sort: ModelSort,
    /// Timeline claim kind, `None` for all.
    pub kind: Option<&'static str>,
}

/// Recomputes the rows of one pane.
pub fn compute(report: &Report, pane: Pane, filter: &str, opts: RowOptions, rows: &mut Rows) {
    let needle = filter.to_lowercase();
    let count = match pane {
        Pane::Models => report.models.len(),
        Pane::Timeline => report.timeline.len(),
        Pane::Capacity => report.capacity.len(),
        Pane::Sources => report.sources.len(),
        Pane::News => report.items.len(),
    };
    let mut list: Vec<usize> = (0..count)
        .filter(|&i| needle.is_empty() || search_text(report, pane, i).contains(&needle))
        .collect();
    match pane {
        Pane::Models => sort_models(report, opts.sort, &mut list),
        Pane::Timeline => {
            if let Some(kind) = opts.kind {
                list.retain(|&i| report.timeline[i].kind == kind);
            }
            list.sort_by(|&a, &b| {
                let (a, b) = (&report.timeline[a], &report.timeline[b]);
                (a.start, a.end, &a.subject).cmp(&(b.start, b.end, &b.subject))
            });
        }
        Pane::Capacity => list.sort_by(|&a, &b| {
            let (a, b) = (&report.capacity[a], &report.capacity[b]);
            a.provider
                .cmp(&b.provider)
                .then(b.published.cmp(&a.published))
        }),
        Pane::Sources => {}
        Pane::News => list.sort_by(|&a, &b| {
            let (a, b) = (&report.items[a], &report.items[b]);
            b.published.cmp(&a.published).then(b.id.cmp(&a.id))
        }),
    }
    *rows.get_mut(pane) = list;
}

fn sort_models(report: &Report, sort: ModelSort, list: &mut [usize]) {
    let far = NaiveDate::MAX;
    list.sort_by(|&a, &b| {
        let (a, b) = (&report.models[a], &report.models[b]);
        let by = match sort {
            ModelSort::LastSeen => b.last_seen.cmp(&a.last_seen),
            ModelSort::Name => a.name.to_lowercase().cmp(&b.name.to_lowercase()),
            ModelSort::Mentions => b.mentions.cmp(&a.mentions),
            ModelSort::Slip => b
                .slip_days
                .unwrap_or(i64::MIN)
                .cmp(&a.slip_days.unwrap_or(i64::MIN)),
            ModelSort::Expected => {
                let when = |m: &crate::report::ModelReport| {
                    m.released
                        .or(m.expected.as_ref().map(|w| w.start))
                        .unwrap_or(far)
                };
                when(a).cmp(&when(b))
            }
        };
        by.then_with(|| a.name.cmp(&b.name))
    });
}

/// Lower-cased text a `/` filter matches against.
pub fn search_text(report: &Report, pane: Pane, i: usize) -> String {
    let text = match pane {
        Pane::Models => {
            let m = &report.models[i];
            format!(
                "{} {} {} {}",
                m.name,
                m.vendor.as_deref().unwrap_or(""),
                m.aliases.join(" "),
                m.status
            )
        }
        Pane::Timeline => {
            let t = &report.timeline[i];
            format!("{} {} {} {}", t.subject, t.kind, t.source, t.evidence)
        }
        Pane::Capacity => {
            let c = &report.capacity[i];
            format!("{} {} {}", c.provider, c.source, c.note)
        }
        Pane::Sources => {
            let s = &report.sources[i];
            format!("{} {} {}", s.name, s.url, s.error.as_deref().unwrap_or(""))
        }
        Pane::News => {
            let n = &report.items[i];
            format!(
                "{} {} {} {}",
                n.title,
                n.source,
                n.models.join(" "),
                n.providers.join(" ")
            )
        }
    };
    text.to_lowercase()
}

/// The identity of row `i` of `pane`, stable across snapshots.
pub fn row_key(report: &Report, pane: Pane, i: usize) -> String {
    match pane {
        Pane::Models => report.models[i].name.clone(),
        Pane::Timeline => {
            let t = &report.timeline[i];
            format!(
                "{}|{}|{}|{}|{}",
                t.subject, t.kind, t.start, t.source, t.evidence
            )
        }
        Pane::Capacity => {
            let c = &report.capacity[i];
            let date = c.published.map(|d| d.to_string()).unwrap_or_default();
            format!("{}|{}|{}", c.provider, date, c.note)
        }
        Pane::Sources => report.sources[i].name.clone(),
        Pane::News => report.items[i].id.to_string(),
    }
}

/// Keys of the rows shown in `pane`, in display order.
pub fn keys(report: &Report, rows: &Rows, pane: Pane) -> Vec<String> {
    rows.get(pane)
        .iter()
        .map(|&i| row_key(report, pane, i))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kind_cycle_returns_to_all() {
        let mut kind = None;
        let mut seen = Vec::new();
        for _ in 0..6 {
            kind = next_kind(kind);
            seen.push(kind);
        }
        assert_eq!(seen.first(), Some(&Some("announced")));
        assert_eq!(seen[5], None);
    }

    #[test]
    fn sort_cycle_visits_every_column() {
        let mut sort = ModelSort::default();
        for _ in 0..5 {
            sort = sort.next();
        }
        assert_eq!(sort, ModelSort::default());
    }
}
