//! Compute capacity figures: GPUs, gigawatts, megawatts and dollars, in en/pt/es number styles.
//!
//! Numbers: a separator followed by exactly three digits groups thousands ("100,000", "200.000");
//! otherwise it is a decimal point ("1.3", "4,5"). Scale words: thousand/mil, million/milhão/
//! millón, billion/bilhão/"mil millones"/"mil milhões" (10⁹), trillion/trilhão/billón (10¹²).
//! A dollar amount counts only in a sentence about compute (data centres, GPUs, clusters...);
//! chips and power count anywhere a provider is named.

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
#[cfg(test)]
use regex::Regex;

use super::capacity_reading::{self, Reading, UnitWord};
use super::text::on_word_boundaries;
use super::{Quantity, Unit};
pub use locate::LocatorBuildError;
use locate::{Locator, Opening};

/// A number and its scale word; shared by both quantity patterns.
const NUMBER: &str = r"(?x)
    (?-u:\b)(?P<num>[0-9]{1,3}(?:[.,][0-9]{3})+(?:[.,][0-9]+)?|[0-9]+(?:[.,][0-9]+)?)
    (?:
        (?P<sym>(?-i:bn|mn|tn|B|M|K))(?-u:\b)
      | \s(?P<scale>(?i:mil\ milh[õo]es|mil\ millones|trillion|trilh[ãa]o|trilh[õo]es|billones|bill[óo]n|billion|bilh[ãa]o|bilh[õo]es|million|milh[ãa]o|milh[õo]es|millones|mill[óo]n|thousand|mil))(?-u:\b)
    )?";

/// The unit after a number: power, dollars, or chips (up to three naming words in between:
/// "100,000 Nvidia H100 GPUs").
const UNIT: &str = r"(?x)
    (?:
        \s?(?P<power>(?i:GW|MW|gigawatts?|gigavatios?|gigawatios?|megawatts?|megavatios?))(?-u:\b)
      | \s(?:(?i:de|of)\s)?(?P<usd>(?i:d[óo]lares|dollars|USD))(?-u:\b)
      | \s(?:(?:(?i:de|of|new|more|additional|novas|novos|nuevas|nuevos|mais|m[áa]s|(?-i:[A-Z])[A-Za-z0-9-]*|[A-Za-z0-9-]*[0-9][A-Za-z0-9-]*)\s){0,3})(?P<chips>(?i:GPUs?|chips?|accelerators?|aceleradores?|TPUs?|processadores|procesadores|superchips?|H100s?|H200s?|B200s?|GB200s?))(?-u:\b)
    )";

/// Literal pieces (ASCII case-insensitive) of which every unit of [`UNIT`] contains one: a text
/// without any has no figure with a unit, and `with_unit` need not scan it. They stop short of
/// `s` and non-ASCII letters, which case folding may spell otherwise ("dólares" is found by
/// "lare", whatever the case of "ó"); only "usd" keeps its `s`, so a text with a long s (`ſ`,
/// which folds to `s`) is always scanned.
const UNIT_HINTS: &[&str] = &[
    "gw",
    "mw",
    "gigaw",
    "gigav",
    "megaw",
    "megav",
    "lare",
    "dollar",
    "usd",
    "gpu",
    "chip",
    "accelerator",
    "acelerador",
    "tpu",
    "proce",
    "h100",
    "h200",
    "b200",
];

/// A currency sign before the number.
const CURRENCY: &str = r"(?P<cur>US\$|U\$|USD|R\$|€|\$)\s?";

/// Words that make a dollar figure a compute figure.
const COMPUTE_CONTEXT: &[&str] = &[
    "data center",
    "data centers",
    "data centre",
    "data centres",
    "datacenter",
    "datacenters",
    "centro de dados",
    "centros de dados",
    "centro de datos",
    "centros de datos",
    "data-center",
    "infrastructure",
    "infraestrutura",
    "infraestructura",
    "compute",
    "computing",
    "computação",
    "cómputo",
    "computación",
    "capacity",
    "capacidade",
    "capacidad",
    "cluster",
    "clusters",
    "gpu",
    "gpus",
    "chips",
    "servers",
    "servidores",
    "supercomputer",
    "supercomputador",
    "supercomputadora",
    "stargate",
    "campus",
    "gigawatt",
    "gigawatts",
];

/// The two quantity patterns, `with_currency` and `with_unit`, with where their matches start.
fn patterns() -> [(String, Opening); 2] {
    [
        (
            format!("{CURRENCY}(?:{NUMBER})(?:{UNIT})?"),
            Opening::Currency,
        ),
        (format!("(?:{NUMBER})(?:{UNIT})"), Opening::Number),
    ]
}

/// The compiled quantity pattern and context words.
#[derive(Debug)]
pub struct QuantityFinder {
    /// A currency sign, a number, maybe a unit. Either this or `with_unit` must match, so only
    /// real quantities are read, not every number in the text.
    currency_figures: Locator,
    /// A number and a unit.
    unit_figures: Locator,
    /// The same patterns for `find_iter` and captures, the reference of the tests.
    #[cfg(test)]
    with_currency: Regex,
    #[cfg(test)]
    with_unit: Regex,
    context: AhoCorasick,
    /// [`UNIT_HINTS`], for [`Self::find_all`] (the extractor finds them in its shared pass).
    hints: AhoCorasick,
}

/// Parses a number written in en, pt or es style (see the module docs).
pub fn parse_number(raw: &str) -> Option<f64> {
    let is_sep = |b: &u8| matches!(b, b'.' | b',');
    let Some(last_at) = raw.bytes().rposition(|b| is_sep(&b)) else {
        return raw.parse().ok();
    };
    let last_sep = raw.as_bytes()[last_at];
    let last = &raw[last_at + 1..];
    let mixed = raw.bytes().filter(is_sep).any(|b| b != last_sep);
    let decimal_last = mixed || last.len() != 3;
    // Digits without separators, then the decimal part.
    let integer = if decimal_last { &raw[..last_at] } else { raw };
    let mut s = String::with_capacity(raw.len() + 1);
    s.extend(integer.chars().filter(|c| !matches!(c, '.' | ',')));
    if decimal_last {
        s.push('.');
        s.push_str(last);
    }
    s.parse().ok()
}

fn scale(word: &str) -> f64 {
    let w = word.to_lowercase();
    match w.as_str() {
        "k" | "thousand" | "mil" => 1e3,
        "m" | "mn" | "million" => 1e6,
        "b" | "bn" | "billion" | "mil millones" => 1e9,
        "tn" | "trillion" | "billón" | "billon" | "billones" => 1e12,
        _ if w.starts_with("mil milh") => 1e9,
        _ if w.starts_with("trilh") => 1e12,
        _ if w.starts_with("bilh") => 1e9,
        _ if w.starts_with("milh") || w.starts_with("mill") => 1e6,
        _ => 1.0,
    }
}

/// Whether the text after a chip count makes it an amount of use ("30 million GPU hours",
/// "GPU-days"), which says nothing of how many chips there are.
fn measures_time(after: &str) -> bool {
    let rest = match after.strip_prefix('-') {
        Some(rest) => rest,
        None => after.trim_start_matches([' ', '\u{a0}']),
    }
    .as_bytes();
    ["hour", "hr", "day", "month", "year"].iter().any(|unit| {
        let Some(word) = rest.get(..unit.len()) else {
            return false;
        };
        // The unit, maybe plural, as a whole word: "GPUs yearly" is still a count of chips.
        let after = rest.get(unit.len()..).unwrap_or_default();
        let after = after.strip_prefix(b"s").unwrap_or(after);
        word.eq_ignore_ascii_case(unit.as_bytes())
            && after.first().is_none_or(|b| !b.is_ascii_alphabetic())
    })
}

/// The quantity a match reads as, if it is one (a euro or real figure is not).
fn quantity(reading: &Reading<'_>) -> Option<Quantity> {
    let number = parse_number(reading.num)?;
    let value = number * reading.scale.map_or(1.0, scale);
    let currency = reading.cur;
    let unit = match reading.unit {
        UnitWord::Power { giga: true } => {
            return Some(Quantity {
                value,
                unit: Unit::Gw,
            });
        }
        UnitWord::Power { giga: false } => {
            return Some(Quantity {
                value,
                unit: Unit::Mw,
            });
        }
        UnitWord::Chips if currency.is_none() => Unit::Gpus,
        _ => {
            let dollars = matches!(currency, Some("US$" | "U$" | "USD" | "$"))
                || reading.unit == UnitWord::Usd;
            if !dollars || matches!(currency, Some("R$" | "€")) {
                return None;
            }
            Unit::Usd
        }
    };
    Some(Quantity { value, unit })
}

impl QuantityFinder {
    /// Compiles the pattern.
    pub fn new() -> Result<QuantityFinder, super::mentions::BuildError> {
        let [(currency, currency_opening), (unit, unit_opening)] = patterns();
        Ok(QuantityFinder {
            currency_figures: Locator::new(&currency, currency_opening)?,
            unit_figures: Locator::new(&unit, unit_opening)?,
            #[cfg(test)]
            with_currency: Regex::new(&currency)?,
            #[cfg(test)]
            with_unit: Regex::new(&unit)?,
            context: AhoCorasick::builder()
                .ascii_case_insensitive(true)
                // A full DFA: at most a few hundred kB for these lists, and the fastest scan.
                .kind(Some(AhoCorasickKind::DFA))
                .match_kind(MatchKind::LeftmostLongest)
                .build(COMPUTE_CONTEXT)?,
            hints: AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .build(UNIT_HINTS)?,
        })
    }

    /// The unit hint words, as [`super::lexicon::Lexicon`] takes them for
    /// [`Self::find_all_hinted`].
    pub(crate) fn unit_hints() -> Vec<&'static str> {
        UNIT_HINTS.to_vec()
    }

    /// Quantities in `sentence` with their byte offsets in it. Dollar figures only when the
    /// sentence is about compute.
    pub fn find(&self, sentence: &str) -> Vec<(usize, Quantity)> {
        let mut found = self.find_all(sentence);
        if found.iter().any(|(_, q)| q.unit == Unit::Usd) && !self.about_compute(sentence) {
            found.retain(|(_, q)| q.unit != Unit::Usd);
        }
        found
    }

    /// Every quantity in `text` with its byte offset, dollar figures unchecked; callers working
    /// on a whole item check [`Self::about_compute`] per sentence.
    pub fn find_all(&self, text: &str) -> Vec<(usize, Quantity)> {
        self.find_all_hinted(text, self.hints.is_match(text))
    }

    /// [`Self::find_all`], told whether `text` holds any of [`UNIT_HINTS`].
    pub(crate) fn find_all_hinted(&self, text: &str, unit_hint: bool) -> Vec<(usize, Quantity)> {
        let mut spans: Vec<(usize, usize, Quantity)> = Vec::new();
        // Cheap literal checks first: every quantity has a digit, and `with_currency` needs a
        // currency sign (case-sensitive). Items without them skip the regex setup entirely.
        if !text.bytes().any(|b| b.is_ascii_digit()) {
            return Vec::new();
        }
        // Single-char searches run memchr; a char-array pattern would decode every char.
        let currency = text.contains('$') || text.contains('€') || text.contains("USD");
        let unit = unit_hint || text.contains('\u{17F}');
        let locators = [
            (&self.currency_figures, currency, true),
            (&self.unit_figures, unit, false),
        ];
        for (locator, _, with_currency) in locators.into_iter().filter(|r| r.1) {
            // The pattern only locates matches; their parts are read by hand (no capture groups).
            locator.for_each(text, |start, end| {
                let reading = capacity_reading::read(text, start, end, with_currency);
                // The reader walks the regex's own grammar, so every match has a reading; debug
                // builds (every test that extracts) check it, release builds skip the match.
                debug_assert!(
                    reading.is_some(),
                    "no hand reading of {:?}",
                    &text[start..end]
                );
                if let Some(q) = reading.as_ref().and_then(quantity)
                    && !(q.unit == Unit::Gpus && measures_time(&text[end..]))
                {
                    spans.push((start, end, q));
                }
            });
        }
        // "$2B" can match both ways: keep the earliest, longest reading of each stretch.
        spans.sort_by_key(|&(start, end, _)| (start, std::cmp::Reverse(end)));
        let mut out: Vec<(usize, Quantity)> = Vec::with_capacity(spans.len());
        let mut covered = 0;
        for (start, end, q) in spans {
            if start >= covered || out.is_empty() {
                out.push((start, q));
                covered = end;
            }
        }
        out
    }

    /// Whether `sentence` speaks of compute (so a dollar figure in it is a capacity figure).
    pub fn about_compute(&self, sentence: &str) -> bool {
        self.context
            .find_iter(sentence)
            .any(|m| on_word_boundaries(sentence, m.start(), m.end()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(sentence: &str) -> Vec<(f64, Unit)> {
        QuantityFinder::new()
            .unwrap()
            .find(sentence)
            .into_iter()
            .map(|(_, q)| (q.value, q.unit))
            .collect()
    }

    #[test]
    fn numbers_in_three_styles() {
        assert_eq!(parse_number("100,000"), Some(100_000.0));
        assert_eq!(parse_number("200.000"), Some(200_000.0));
        assert_eq!(parse_number("1.3"), Some(1.3));
        assert_eq!(parse_number("4,5"), Some(4.5));
        assert_eq!(parse_number("1,234.5"), Some(1234.5));
        assert_eq!(parse_number("1.234,5"), Some(1234.5));
        assert_eq!(parse_number("600.000"), Some(600_000.0));
    }

    #[test]
    fn issue_examples_normalise() {
        assert_eq!(
            q("Microsoft will add 100,000 Nvidia H100 GPUs"),
            vec![(100_000.0, Unit::Gpus)]
        );
        assert_eq!(q("a Meta terá 100 mil GPUs"), vec![(100_000.0, Unit::Gpus)]);
        assert_eq!(q("200.000 chips Trainium2"), vec![(200_000.0, Unit::Gpus)]);
        assert_eq!(
            q("1.3 million GPUs in its data centers"),
            vec![(1_300_000.0, Unit::Gpus)]
        );
        assert_eq!(q("2 millones de GPU"), vec![(2_000_000.0, Unit::Gpus)]);
        // Use, not chips: hours, days or years of GPU time.
        assert_eq!(q("Llama 3 took 7.7 million GPU hours"), vec![]);
        assert_eq!(q("trained for 39.3 million H100-hours"), vec![]);
        assert_eq!(q("about 2,000 GPU-days of compute"), vec![]);
        assert_eq!(q("100,000 GPU years"), vec![]);
        assert_eq!(
            q("it buys 100,000 GPUs yearly"),
            vec![(100_000.0, Unit::Gpus)]
        );
        assert_eq!(
            q("100,000 GPUs, hours after the deal"),
            vec![(100_000.0, Unit::Gpus)]
        );
        assert_eq!(q("un campus de 4,5 gigavatios"), vec![(4.5, Unit::Gw)]);
        assert_eq!(
            q("investirá US$ 500 bilhões em infraestrutura"),
            vec![(5e11, Unit::Usd)]
        );
        assert_eq!(
            q("a $11.9 billion compute contract"),
            vec![(11.9e9, Unit::Usd)]
        );
        assert_eq!(
            q("600.000 millones de dólares en centros de datos"),
            vec![(6e11, Unit::Usd)]
        );
        assert_eq!(
            q("80 mil millones de dólares en centros de datos"),
            vec![(8e10, Unit::Usd)]
        );
        assert_eq!(
            q("a 300 MW site and $2B for data centres"),
            vec![(300.0, Unit::Mw), (2e9, Unit::Usd)]
        );
    }

    /// Skipping texts without a unit hint loses nothing the unit pattern would find.
    #[test]
    fn unit_hints_skip_only_texts_without_units() {
        let finder = QuantityFinder::new().unwrap();
        let mut texts = crate::extract::corpus_files();
        texts.extend(
            [
                "5 GW, 300MW, 2 gigavatios, 1 megawatt, 10 DÓLARES, 7 dollars, 8 USD, 9 U\u{17F}D",
                "100 mil GPUs, 3 chips, 4 Nvidia H100s, 5 aceleradores, 6 TPUs, 7 PROCESSADORES",
                "1.3 million Blackwell superchips and 2 GB200s, 12 B200, 40 H200",
                "no units: 2025, 4.5 and 100,000 people",
            ]
            .map(String::from),
        );
        for text in &texts {
            let scanned = finder.find_all_hinted(text, true);
            assert_eq!(finder.find_all(text), scanned, "{text}");
        }
    }

    #[test]
    fn dollars_need_a_compute_context() {
        assert!(q("Microsoft reported revenue of $70 billion").is_empty());
        assert!(q("GPT-4.5 has 12 billion users").is_empty());
        assert!(q("R$ 10 bilhões em data centers").is_empty());
    }
}

#[cfg(test)]
#[path = "capacity_reading_tests.rs"]
mod reading_tests;

#[path = "capacity_locate.rs"]
mod locate;
