//! Time phrases in en/pt/es and the windows they resolve to, against an item's published date.
//!
//! [`TABLE`] is the single place that says which phrase family maps to which window. Phrases are
//! found first ([`TimeFinder::find`]) and resolved later ([`resolve`]) because phrases without a
//! year or with a bare weekday need the tense of the claim they belong to:
//!
//! * [`Direction::Future`] (expected, delayed to, "next"): the nearest matching window ending on
//!   or after the published date P;
//! * [`Direction::Past`] (released, announced, "last"): the nearest one starting on or before P;
//! * [`Direction::Neutral`] (no tense known): months, quarters and halves take the candidate
//!   nearest to P; weekdays take the past one, since news mostly reports what happened.

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};
use regex::{Captures, Regex};

use super::{Precision, TimeWindow};

/// Which side of the published date a phrase without a year (or a weekday) lands on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// After the published date (future tense, "next").
    Future,
    /// Before the published date (past tense, "last").
    Past,
    /// Unknown tense.
    Neutral,
}

/// The phrase families; each row of [`TABLE`] names one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rule {
    IsoDate,
    MonthDay,
    DayMonth,
    MonthPart,
    YearPart,
    YearRest,
    Quarter,
    Half,
    MonthYear,
    Year,
    RelativeBefore,
    RelativeAfter,
    Few,
    Soon,
    DayWord,
    WeekdayEn,
    WeekdayPt,
    WeekdayEs,
}

/// Phrase family → pattern → window. `~` is an ASCII word boundary, `<MEN>` an English month
/// (case-sensitive, so "may" the verb is not May), `<MPE>` a Portuguese or Spanish month, `<M>`
/// either. P is the published date; "dir" is the [`Direction`] rule of the module docs.
const TABLE: &[(Rule, &str, &str)] = &[
    (
        Rule::IsoDate,
        r"~(?P<y>[0-9]{4})-(?P<m>[0-9]{2})-(?P<d>[0-9]{2})~",
        "that day",
    ),
    (
        Rule::MonthDay,
        r"~<MEN> (?P<day>[0-9]{1,2})(?:st|nd|rd|th)?~(?:,? (?P<year>[0-9]{4})~)?",
        "that day; no year: by dir",
    ),
    (
        Rule::DayMonth,
        r"~(?P<day>[0-9]{1,2})(?:º|th|st|nd|rd)?(?: de|) <M>(?:,? (?:de |del )?(?P<year>[0-9]{4})~)?",
        "that day; no year: by dir",
    ),
    (
        Rule::MonthPart,
        r"(?i)~(?P<part>early|mid|late|(?:the )?end of|(?:the )?(?:beginning|start|middle) of|in[ií]cio|inicios|come[çc]o|meados|final|fim|finais|principios|comienzos|mediados|finales|fines|fin)(?: de|-| ) ?<M>(?:,? (?:de |del )?(?P<year>[0-9]{4})~)?",
        "early: days 1-10, mid: 11-20, late/end: 21-last (month precision)",
    ),
    (
        Rule::YearPart,
        r"(?i)~(?P<part>early|mid|late|(?:the )?end of|(?:the )?(?:beginning|start|middle) of|in[ií]cio|come[çc]o|meados|final|fim|principios|inicios|comienzos|mediados|finales|fines|fin)(?: de| d[oe]l?|-| )? ?(?:(?P<year>[0-9]{4})~|(?P<rel>(?:this|next|last|the) year|(?:o |este |neste |deste )?ano(?: que vem| passado)?|(?:o |este )?pr[óo]ximo ano|(?:el |este )?a[ñn]o(?: que viene| pasado)?|(?:el )?pr[óo]ximo a[ñn]o)~)",
        "early: Jan-Apr, mid: May-Aug, late: Sep-Dec, end: Oct-Dec (year precision)",
    ),
    (
        Rule::YearRest,
        r"(?i)~(?:later (?:this|in the) year|ainda (?:este|neste|em) ano|m[aá]s adelante (?:este|en el) a[ñn]o|antes del? fin(?:al)? de(?:l| este) a[ñn]o|antes do fi(?:m|nal) do ano)~",
        "P to Dec 31 (year precision)",
    ),
    (
        Rule::Quarter,
        r"(?i)~(?:(?-i:Q)(?P<qn>[1-4])|(?P<qw>first|second|third|fourth|primeiro|terceiro|quarto|primer|tercer|cuarto|segundo) (?:quarter|trimestre))(?:,? (?:of |de |del )?(?P<year>[0-9]{4}))?~",
        "that quarter; no year: by dir",
    ),
    (
        Rule::Half,
        r"(?i)~(?:(?-i:H)(?P<hn>[12])|(?P<hw>first|second|primeiro|segundo|primer|primera|segunda) (?:half|semestre|mitad))(?:,? (?:of |de |del )?(?:(?P<year>[0-9]{4})|(?P<rel>(?:this|next|the) year|este ano|do ano|deste ano|do pr[óo]ximo ano|este a[ñn]o|del a[ñn]o|del pr[óo]ximo a[ñn]o)))?~",
        "Jan-Jun or Jul-Dec; no year: by dir",
    ),
    (
        Rule::MonthYear,
        r"(?i)~(?:(?P<pre>in|by|until|from|since|before|after|through|em|at[ée]|para|desde|a partir de|en|hasta|antes de|durante|no m[eê]s de|en el mes de) )?<M>(?:,? (?:de |del |of )?(?P<year>[0-9]{4}))?~",
        "that month; no year: by dir; a bare month without preposition or year: none",
    ),
    (
        Rule::Year,
        r"(?i)~(?:in|by|until|before|through|during|em|at[ée]|para|desde|en|hasta|antes de|durante|ao longo de|a lo largo de) (?P<year>(?:19|20)[0-9]{2})~",
        "Jan 1 to Dec 31",
    ),
    (
        Rule::RelativeBefore,
        r"(?i)~(?P<rel>next|this|last|the coming|the following|the previous|pr[óo]xim[ao]|n?est[ae]|[úu]ltim[ao]|entrante) (?P<unit>week|month|year|semana|m[eê]s|ano|a[ñn]o)~",
        "week: Mon-Sun of P's week + rel, month: calendar month + rel, year: calendar year + rel",
    ),
    (
        Rule::RelativeAfter,
        r"(?i)~(?P<unit>semana|m[eê]s|ano|a[ñn]o) (?P<rel>que vem|que viene|passad[ao]|pasad[ao]|entrante)~",
        "as above",
    ),
    (
        Rule::Few,
        r"(?i)~(?:(?:in|within|over) (?:the )?(?:a few|next few|coming|next|a couple of|several|few)|within|(?:em|dentro de|daqui a) (?:poucas|poucos|algumas|alguns|umas|uns)|n[ao]s (?:pr[óo]xim[ao]s|pr[óo]xim[ao]s poucos|pr[óo]ximas poucas)|(?:en|dentro de) (?:unas|unos|pocas|pocos|algunas|algunos)(?: pocas| pocos)?|en (?:las|los) (?:pr[óo]xim[ao]s|pr[óo]xim[ao]s pocos|pr[óo]ximas pocas)) (?P<unit>days|weeks|months|dias|días|semanas|meses)~",
        "days: P+1..P+10, weeks: P+7..P+42, months: P+30..P+183 (fuzzy)",
    ),
    (
        Rule::Soon,
        r"(?i)~(?:soon|shortly|em breve|en breve|pr[óo]ximamente)~",
        "P..P+90 (fuzzy)",
    ),
    (
        Rule::DayWord,
        r"(?i)~(?P<w>today|tomorrow|yesterday|hoje|amanh[ãa]|ontem|anteontem|hoy|ayer|anteayer|(?:esta |la |por la )?ma[ñn]ana)",
        "today: P, yesterday: P-1, tomorrow: P+1 (esta mañana: P; la mañana: none)",
    ),
    (
        Rule::WeekdayEn,
        r"~(?:(?i:(?P<mod>next|last|this|this coming|this past|on)) )?(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)~",
        "next: first such day after P, last: last one before P, else by dir",
    ),
    (
        Rule::WeekdayPt,
        r"(?i)~(?:(?P<pre>n?[ao]s?|nest[ae]|ness[ae]|dest[ae]|n?[ao] pr[óo]xim[ao]|n?[ao] [úu]ltim[ao]|pr[óo]xim[ao]|[úu]ltim[ao]) )?(?P<wd>(?:segunda|ter[çc]a|quarta|quinta|sexta)-feira|s[áa]bado|domingo)(?: (?P<post>passad[ao]|que vem))?(?:,? \(?(?P<dom>[0-9]{1,2})\)?)?",
        "próxima: after P, passada/última: before P, else by dir; (5): that day of month nearest P",
    ),
    (
        Rule::WeekdayEs,
        r"(?i)~(?P<pre>el|este|el pr[óo]ximo|el pasado|este pr[óo]ximo|este pasado|el [úu]ltimo) (?P<wd>lunes|martes|mi[ée]rcoles|jueves|viernes|s[áa]bado|domingo)(?: (?P<post>pasado|que viene|pr[óo]ximo))?(?:,? \(?(?P<dom>[0-9]{1,2})\)?)?",
        "as the Portuguese row",
    ),
];

const MONTHS_EN: &str =
    "January|February|March|April|May|June|July|August|September|October|November|December|Sept";
const MONTHS_PTES: &str = "janeiro|fevereiro|mar[çc]o|abril|maio|junho|julho|agosto|setembro|outubro|novembro|dezembro|enero|febrero|marzo|mayo|junio|julio|septiembre|setiembre|octubre|noviembre|diciembre";

/// One time phrase found in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeMention {
    /// Byte offset of the phrase.
    pub start: usize,
    /// Byte offset after the phrase.
    pub end: usize,
    rule: usize,
}

/// The compiled [`TABLE`]: one combined regex to find phrases, one per row to read them.
#[derive(Debug)]
pub struct TimeFinder {
    combined: Regex,
    rows: Vec<Regex>,
}

/// Expands the placeholders of a [`TABLE`] pattern.
fn expand(pattern: &str, named: bool) -> String {
    let group = |name: &str, alternatives: &str| {
        if named {
            format!("(?P<{name}>{alternatives})")
        } else {
            format!("(?:{alternatives})")
        }
    };
    pattern
        .replace('~', r"(?-u:\b)")
        .replace("<MEN>", &group("mon", &format!("(?-i:{MONTHS_EN})")))
        .replace("<MPE>", &group("mon", &format!("(?i:{MONTHS_PTES})")))
        .replace(
            "<M>",
            &group("mon", &format!("(?-i:{MONTHS_EN})|(?i:{MONTHS_PTES})")),
        )
}

impl TimeFinder {
    /// Compiles the table. Patterns are constants checked by tests, so failure is a bug.
    pub fn new() -> Result<TimeFinder, regex::Error> {
        let mut rows = Vec::with_capacity(TABLE.len());
        let mut alternatives = Vec::with_capacity(TABLE.len());
        for (i, (_, pattern, _)) in TABLE.iter().enumerate() {
            rows.push(Regex::new(&format!("^(?:{})", expand(pattern, true)))?);
            // The combined regex names only the row, so inner names cannot clash.
            let unnamed = strip_names(&expand(pattern, false));
            alternatives.push(format!("(?P<r{i}>{unnamed})"));
        }
        Ok(TimeFinder {
            combined: Regex::new(&alternatives.join("|"))?,
            rows,
        })
    }

    /// All time phrases in `text`, in order, not overlapping.
    pub fn find(&self, text: &str) -> Vec<TimeMention> {
        let mut found = Vec::new();
        for caps in self.combined.captures_iter(text) {
            let Some(rule) = (0..TABLE.len()).find(|&i| caps.get(i + 1).is_some()) else {
                continue;
            };
            let Some(m) = caps.get(0) else { continue };
            found.push(TimeMention {
                start: m.start(),
                end: m.end(),
                rule,
            });
        }
        found
    }

    /// The window `mention` (found in `text`) denotes, resolved against `published`.
    pub fn resolve(
        &self,
        text: &str,
        mention: TimeMention,
        published: NaiveDate,
        dir: Direction,
    ) -> Option<TimeWindow> {
        let row = self.rows.get(mention.rule)?;
        // Only the matched span: the backtracker sizes its work to the haystack it is given.
        let caps = row.captures(text.get(mention.start..mention.end)?)?;
        resolve(TABLE[mention.rule].0, &caps, published, dir)
    }
}

/// `(?P<name>` → `(?:`; the patterns contain no other `(?P<`.
pub(crate) fn strip_names(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len());
    let mut rest = pattern;
    while let Some(i) = rest.find("(?P<") {
        out.push_str(&rest[..i]);
        out.push_str("(?:");
        rest = &rest[i + 4..];
        match rest.find('>') {
            Some(j) => rest = &rest[j + 1..],
            None => break,
        }
    }
    out.push_str(rest);
    out
}

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

fn num<T: std::str::FromStr>(caps: &Captures<'_>, name: &str) -> Option<T> {
    caps.name(name).and_then(|m| m.as_str().parse().ok())
}

fn text<'a>(caps: &Captures<'a>, name: &str) -> Option<&'a str> {
    caps.name(name).map(|m| m.as_str())
}

fn day_window(d: NaiveDate) -> Option<TimeWindow> {
    window(d, d, Precision::Day)
}

fn resolve(rule: Rule, caps: &Captures<'_>, p: NaiveDate, dir: Direction) -> Option<TimeWindow> {
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
            if year.is_none() && caps.name("pre").is_none() {
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

#[cfg(test)]
#[path = "timex_tests.rs"]
mod tests;
