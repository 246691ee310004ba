//! The hand reading of quantity matches against the capture groups it replaces.

use super::*;
use crate::extract::text::Groups;
use crate::extract::text::Named;

/// What the capture groups of `regex` say of each of its matches in `text`, next to what the
/// hand reading says.
fn both_readings(regex: &Regex, with_currency: bool, text: &str) -> usize {
    let groups = Groups::of(regex);
    let mut count = 0;
    for caps in regex.captures_iter(text) {
        let f = groups.read(&caps);
        let whole = caps.get(0).unwrap();
        let unit = if let Some(p) = f.get("power") {
            UnitWord::Power {
                giga: p.to_lowercase().starts_with('g'),
            }
        } else if f.get("usd").is_some() {
            UnitWord::Usd
        } else if f.get("chips").is_some() {
            UnitWord::Chips
        } else {
            UnitWord::Bare
        };
        let by_groups = Reading {
            cur: f.get("cur"),
            num: f.get("num").unwrap(),
            scale: f.get("sym").or_else(|| f.get("scale")),
            unit,
        };
        let by_hand = capacity_reading::read(text, whole.start(), whole.end(), with_currency);
        assert_eq!(by_hand, Some(by_groups), "{:?} in {text:?}", whole.as_str());
        count += 1;
    }
    count
}

fn check(finder: &QuantityFinder, text: &str) -> usize {
    both_readings(&finder.with_currency, true, text) + both_readings(&finder.with_unit, false, text)
}

#[test]
fn hand_reading_agrees_with_capture_groups_on_the_corpus() {
    let finder = QuantityFinder::new().unwrap();
    let matches: usize = crate::extract::corpus_files()
        .iter()
        .map(|text| check(&finder, text))
        .sum();
    // The corpus has figures of every kind; a reading that never ran would prove nothing.
    assert!(matches > 50, "{matches}");
}

#[test]
fn hand_reading_agrees_on_tricky_figures() {
    let finder = QuantityFinder::new().unwrap();
    let texts = [
        "100,000 GPUs, 100 mil GPUs, 200.000 chips, 1.3 million GPUs, 2 millones de GPU",
        "4,5 gigavatios, US$ 500 bilhões, $11.9 billion, 600.000 millones de dólares",
        "80 mil millones de dólares, 300 MW, $2B, $2bn, $5M, $3K, 7tn USD, 8 mn dollars",
        "1,2345 GW, 1.234.567,89 USD, 12,34,567 GPUs, 1234,567 chips, 1,234.5 MW, 5.GW",
        "$5 Billion GPUs, $5 B200s, R$ 10 bilhões, € 3 mil milhões, U$ 4 trilhões, USD5",
        "100,000 Nvidia H100 GPUs, 3 new Blackwell GB200 superchips, 4 de GPUs, 5 of TPUs",
        "6 más aceleradores, 7 Más procesadores, 8 novas GPUs, 9 a b GPUs, 10 X Y Z W GPUs",
        "5 GPUſ, 6 chipſ, 7 U\u{17F}D, 8 gigawattſ, 9 \u{212A}20 GPUs, 10 DÓLARES, 11 Dólares",
        "12\u{a0}GW, 13\tMW, US$\u{2003}14 billion, $ 15 mil, 16 MILHÕES de dólares, 17mw",
        "$1.5bn, $1,5 bilhão, 2.5GW-class, 3 GWh, 4 MWs, 5 GPU-hours, 6 H100s. 7 H200 s",
        "$100,000,000 data centers, 1,000.000 GPUs, 1.000,000 GPUs, 999,99 MW, 0.5 gigawatt",
        "$70 billion revenue, $5 trillion, 3 billón, 2 billones de dólares, 9 thousand GPUs",
        "5 mil millones GPUs, 5 mil milhoes de dolares, 4 trilhao USD, 3 millón de chips",
    ];
    let matches: usize = texts.iter().map(|text| check(&finder, text)).sum();
    assert!(matches > 60, "{matches}");
}

/// Every text built from a few pieces: numbers, scales and units in many spellings side by side,
/// so the reading is checked where pieces meet in ways no hand-written case foresaw.
#[test]
fn hand_reading_agrees_on_combined_pieces() {
    let finder = QuantityFinder::new().unwrap();
    let heads = ["", "$", "US$ ", "R$", "€ ", "USD "];
    let numbers = [
        "1",
        "12,5",
        "1.234",
        "1,234,5",
        "12.345.678,9",
        "1234,56",
        "7.",
    ];
    let scales = [
        "",
        "B",
        "bn",
        " mil",
        " mil millones",
        " Billion",
        " milhões",
        "K ",
    ];
    let units = [
        "",
        " GW",
        "MW",
        " gigawatts",
        " de dólares",
        " of USD",
        " GPUs",
        " new H100 chips",
        " A B C D GPUs",
        " 7nm TPUs",
        " más Chips",
    ];
    let mut matches = 0;
    for head in heads {
        for number in numbers {
            for scale in scales {
                for unit in units {
                    let text = format!("x {head}{number}{scale}{unit} y");
                    matches += check(&finder, &text);
                }
            }
        }
    }
    assert!(matches > 1000, "{matches}");
}
