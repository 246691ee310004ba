//! Resolving a matched time phrase to a window, against the published date and a tense.

use crate::extract::text::Named;
use chrono::{Datelike, Days, Months, NaiveDate, Weekday};

use super::table::Rule;
use super::{Direction, Precision, TimeWindow};

fn window(start: NaiveDate, end: NaiveDate, precision: Precision) -> Option<TimeWindow> {
    Some(TimeWindow {
        start,
        end,
        precision,
    })
}

fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

fn month_end(y: i32, m: u32) -> Option<NaiveDate> {
    ymd(y, m, 1)?.checked_add_months(Months::new(1))?.pred_opt()
}

fn month_number(name: &str) -> Option<u32> {
    let lower = name.to_lowercase();
    const NAMES: &[(&str, u32)] = &[
        ("jan", 1),
        ("ene", 1),
        ("feb", 2),
        ("fev", 2),
        ("mar", 3),
        ("apr", 4),
        ("abr", 4),
        ("mai", 5),
        ("may", 5),
        ("jun", 6),
        ("jul", 7),
        ("aug", 8),
        ("ago", 8),
        ("sep", 9),
        ("set", 9),
        ("oct", 10),
        ("out", 10),
        ("nov", 11),
        ("dec", 12),
        ("dez", 12),
        ("dic", 12),
    ];
    NAMES
        .iter()
        .find(|(prefix, _)| lower.starts_with(prefix))
        .map(|&(_, n)| n)
}

fn weekday_of(name: &str) -> Option<Weekday> {
    let lower = name.to_lowercase();
    let table = [
        (["mon", "segunda", "lunes"], Weekday::Mon),
        (["tue", "ter", "martes"], Weekday::Tue),
        (["wed", "quarta", "mi"], Weekday::Wed),
        (["thu", "quinta", "jueves"], Weekday::Thu),
        (["fri", "sexta", "viernes"], Weekday::Fri),
        (["sat", "s\u{e1}bado", "sabado"], Weekday::Sat),
        (["sun", "domingo", "domingo"], Weekday::Sun),
    ];
    table
        .iter()
        .find(|(prefixes, _)| prefixes.iter().any(|p| lower.starts_with(p)))
        .map(|&(_, wd)| wd)
}

/// Year offset of "this/next/last year" words (0 when the phrase just says "the year").
fn relative_offset(rel: &str) -> i32 {
    let lower = rel.to_lowercase();
    if [
        "next",
        "próxim",
        "proxim",
        "que vem",
        "que viene",
        "entrante",
        "coming",
        "following",
    ]
    .iter()
    .any(|w| lower.contains(w))
    {
        1
    } else if [
        "last", "previous", "past", "passad", "pasad", "últim", "ultim",
    ]
    .iter()
    .any(|w| lower.contains(w))
    {
        -1
    } else {
        0
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Part {
    Early,
    Mid,
    Late,
    End,
}

fn part_of(word: &str) -> Part {
    let lower = word.to_lowercase();
    if ["mid", "middle", "meados", "mediados"]
        .iter()
        .any(|w| lower.starts_with(w))
    {
        Part::Mid
    } else if lower.starts_with("late") {
        Part::Late
    } else if ["end", "the end", "final", "fim", "fin"]
        .iter()
        .any(|w| lower.starts_with(w))
    {
        Part::End
    } else {
        Part::Early
    }
}

fn ordinal(word: &str) -> Option<u32> {
    let lower = word.to_lowercase();
    match lower.as_str() {
        "first" | "primeiro" | "primer" | "primera" => Some(1),
        "second" | "segundo" | "segunda" => Some(2),
        "third" | "terceiro" | "tercer" => Some(3),
        "fourth" | "quarto" | "cuarto" => Some(4),
        _ => lower.parse().ok(),
    }
}

/// Picks the year for a window known only up to the year, by `dir` (see the module docs).
fn pick_year(
    published: NaiveDate,
    dir: Direction,
    make: impl Fn(i32) -> Option<TimeWindow>,
) -> Option<TimeWindow> {
    let y = published.year();
    let candidates: Vec<TimeWindow> = [y - 1, y, y + 1].into_iter().filter_map(make).collect();
    match dir {
        Direction::Future => candidates.into_iter().find(|w| w.end >= published),
        Direction::Past => candidates.into_iter().rev().find(|w| w.start <= published),
        Direction::Neutral => candidates.into_iter().min_by_key(|w| {
            if w.start > published {
                (w.start - published).num_days()
            } else if w.end < published {
                (published - w.end).num_days()
            } else {
                0
            }
        }),
    }
}

fn with_year(
    year: Option<i32>,
    published: NaiveDate,
    dir: Direction,
    make: impl Fn(i32) -> Option<TimeWindow>,
) -> Option<TimeWindow> {
    match year {
        Some(y) => make(y),
        None => pick_year(published, dir, make),
    }
}

fn num<T: std::str::FromStr>(caps: &dyn Named<'_>, name: &str) -> Option<T> {
    caps.get(name).and_then(|m| m.parse().ok())
}

fn text<'h>(caps: &dyn Named<'h>, name: &str) -> Option<&'h str> {
    caps.get(name)
}

fn day_window(d: NaiveDate) -> Option<TimeWindow> {
    window(d, d, Precision::Day)
}

/// The window of a phrase of family `rule` read into `caps` (see the module docs of
/// [`super`] for `dir`).
pub(super) fn resolve(
    rule: Rule,
    caps: &dyn Named<'_>,
    p: NaiveDate,
    dir: Direction,
) -> Option<TimeWindow> {
    let year: Option<i32> = num(caps, "year");
    let month = text(caps, "mon").and_then(month_number);
    match rule {
        Rule::IsoDate => day_window(ymd(num(caps, "y")?, num(caps, "m")?, num(caps, "d")?)?),
        Rule::MonthDay | Rule::DayMonth => {
            let (m, d): (u32, u32) = (month?, num(caps, "day")?);
            with_year(year, p, dir, |y| day_window(ymd(y, m, d)?))
        }
        Rule::MonthPart => {
            let m = month?;
            let part = part_of(text(caps, "part")?);
            with_year(year, p, dir, |y| {
                let last = month_end(y, m)?;
                let (a, b) = match part {
                    Part::Early => (ymd(y, m, 1)?, ymd(y, m, 10)?),
                    Part::Mid => (ymd(y, m, 11)?, ymd(y, m, 20)?),
                    Part::Late | Part::End => (ymd(y, m, 21)?, last),
                };
                window(a, b, Precision::Month)
            })
        }
        Rule::YearPart => {
            let y = match year {
                Some(y) => y,
                None => p.year() + relative_offset(text(caps, "rel")?),
            };
            let (a, b) = match part_of(text(caps, "part")?) {
                Part::Early => ((1, 1), (4, 30)),
                Part::Mid => ((5, 1), (8, 31)),
                Part::Late => ((9, 1), (12, 31)),
                Part::End => ((10, 1), (12, 31)),
            };
            window(ymd(y, a.0, a.1)?, ymd(y, b.0, b.1)?, Precision::Year)
        }
        Rule::YearRest => window(p, ymd(p.year(), 12, 31)?, Precision::Year),
        Rule::Quarter => {
            let q: u32 = num(caps, "qn").or_else(|| text(caps, "qw").and_then(ordinal))?;
            with_year(year, p, dir, |y| {
                let first = 3 * (q - 1) + 1;
                window(
                    ymd(y, first, 1)?,
                    month_end(y, first + 2)?,
                    Precision::Quarter,
                )
            })
        }
        Rule::Half => {
            let h: u32 = num(caps, "hn").or_else(|| text(caps, "hw").and_then(ordinal))?;
            let year = year.or_else(|| text(caps, "rel").map(|r| p.year() + relative_offset(r)));
            with_year(year, p, dir, |y| {
                let first = 6 * (h - 1) + 1;
                window(ymd(y, first, 1)?, month_end(y, first + 5)?, Precision::Half)
            })
        }
        Rule::MonthYear => {
            let m = month?;
            if year.is_none() && caps.get("pre").is_none() {
                return None;
            }
            with_year(year, p, dir, |y| {
                window(ymd(y, m, 1)?, month_end(y, m)?, Precision::Month)
            })
        }
        Rule::Year => window(ymd(year?, 1, 1)?, ymd(year?, 12, 31)?, Precision::Year),
        Rule::RelativeBefore | Rule::RelativeAfter => {
            let offset = relative_offset(text(caps, "rel")?);
            let unit = text(caps, "unit")?.to_lowercase();
            if unit.starts_with('w') || unit.starts_with('s') {
                let monday = p - Days::new(u64::from(p.weekday().num_days_from_monday()));
                let start = monday.checked_add_signed(chrono::Duration::weeks(offset.into()))?;
                window(start, start + Days::new(6), Precision::Week)
            } else if unit.starts_with('m') {
                let first = ymd(p.year(), p.month(), 1)?;
                let start = if offset >= 0 {
                    first.checked_add_months(Months::new(offset.unsigned_abs()))?
                } else {
                    first.checked_sub_months(Months::new(offset.unsigned_abs()))?
                };
                window(
                    start,
                    month_end(start.year(), start.month())?,
                    Precision::Month,
                )
            } else {
                let y = p.year() + offset;
                window(ymd(y, 1, 1)?, ymd(y, 12, 31)?, Precision::Year)
            }
        }
        Rule::Few => {
            let unit = text(caps, "unit")?.to_lowercase();
            let (a, b) = if unit.starts_with('d') {
                (1, 10)
            } else if unit.starts_with('w') || unit.starts_with('s') {
                (7, 42)
            } else {
                (30, 183)
            };
            window(p + Days::new(a), p + Days::new(b), Precision::Fuzzy)
        }
        Rule::Soon => window(p, p + Days::new(90), Precision::Fuzzy),
        Rule::DayWord => {
            let w = text(caps, "w")?.to_lowercase();
            let d = match w.as_str() {
                "today" | "hoje" | "hoy" | "esta mañana" | "esta manana" => p,
                "tomorrow" | "amanhã" | "amanha" | "mañana" | "manana" => p.succ_opt()?,
                "yesterday" | "ontem" | "ayer" => p.pred_opt()?,
                "anteontem" | "anteayer" => p.pred_opt()?.pred_opt()?,
                _ => return None, // "la mañana": the morning, not tomorrow
            };
            day_window(d)
        }
        Rule::WeekdayEn | Rule::WeekdayPt | Rule::WeekdayEs => {
            let wd = weekday_of(text(caps, "wd")?)?;
            let modifier = [text(caps, "mod"), text(caps, "pre"), text(caps, "post")]
                .into_iter()
                .flatten()
                .map(relative_offset)
                .find(|&o| o != 0);
            let dir = match modifier {
                Some(1) => Direction::Future,
                Some(_) => Direction::Past,
                None if dir == Direction::Neutral => Direction::Past,
                None => dir,
            };
            if let Some(dom) = num::<u32>(caps, "dom") {
                return day_of_month_near(p, dom, dir);
            }
            let strictly = modifier.is_some();
            weekday_near(p, wd, dir, strictly).and_then(day_window)
        }
    }
}

/// The `wd` nearest `p` on the `dir` side (`p` itself counts unless `strictly`).
fn weekday_near(p: NaiveDate, wd: Weekday, dir: Direction, strictly: bool) -> Option<NaiveDate> {
    let from = p.weekday().num_days_from_monday() as i64;
    let to = wd.num_days_from_monday() as i64;
    let mut ahead = (to - from).rem_euclid(7);
    let mut behind = (from - to).rem_euclid(7);
    if strictly {
        if ahead == 0 {
            ahead = 7;
        }
        if behind == 0 {
            behind = 7;
        }
    }
    match dir {
        Direction::Future => p.checked_add_days(Days::new(ahead as u64)),
        _ => p.checked_sub_days(Days::new(behind as u64)),
    }
}

/// "no sábado (5)": day `dom` of P's month or a neighbour, on the `dir` side.
fn day_of_month_near(p: NaiveDate, dom: u32, dir: Direction) -> Option<TimeWindow> {
    let first = ymd(p.year(), p.month(), 1)?;
    let candidates = [
        first.checked_sub_months(Months::new(1)),
        Some(first),
        first.checked_add_months(Months::new(1)),
    ];
    let dates = candidates
        .into_iter()
        .flatten()
        .filter_map(|m| ymd(m.year(), m.month(), dom));
    let pick = match dir {
        Direction::Future => dates.filter(|d| *d >= p).min(),
        _ => dates.filter(|d| *d <= p).max(),
    };
    pick.and_then(day_window)
}
