//! The row reader ([`super::rows::RowReader`]) against the `regex` captures it replaces.

use super::*;
use crate::extract::text::Named;
use Direction::{Future, Neutral, Past};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// Phrases of every row, written in several ways, for the row reader's oracle test.
const ROW_PHRASES: &[&str] = &[
    "on 2025-08-07.",
    "launched August 7, 2025 worldwide",
    "on August 7th and Sept 3",
    "lançado em 7 de agosto de 2025",
    "el 7 de agosto",
    "on 12 March",
    "1º de março, de 2026",
    "in early March 2025, late june, the end of December",
    "no início de abril, em meados de maio de 2024, a finales de julio",
    "at the beginning of 2026 and in mid-2025, late next year",
    "no final do ano que vem, a principios del año pasado, fim de 2025",
    "later this year, ainda neste ano, más adelante este año, antes del fin de año",
    "antes do fim do ano",
    "Q3 2025, Q1, second quarter of 2024, terceiro trimestre de 2025, primer trimestre",
    "H2 2025, first half of next year, segundo semestre deste ano, primera mitad del año",
    "in March, by June 2026, até dezembro, en el mes de enero de 2025, a partir de maio",
    "in 2025, durante 2024, ao longo de 2026, a lo largo de 2023",
    "next week, last month, this year, próximo mês, este año, la semana entrante",
    "mês que vem, año pasado, semana passada, mes que viene",
    "in the next few weeks, within days, nas próximas semanas, en unos pocos meses",
    "dentro de algunas semanas, en las próximas semanas, daqui a poucos dias",
    "soon, shortly, em breve, en breve, próximamente",
    "today, tomorrow, yesterday, hoje, amanhã, ontem, anteontem, hoy, ayer, anteayer",
    "esta mañana, la mañana, por la manana, mañana",
    "next Monday, last Friday, this coming Sunday, on Tuesday, Wednesday",
    "na próxima segunda-feira, no sábado (5), terça-feira passada, domingo que vem, nesta quinta-feira, 12",
    "el próximo lunes, este martes 4, el miércoles pasado, el viernes que viene, el último sábado",
    "ſoon, the Kelvin weeK, ÚLTIMA SEMANA, PRÓXIMO MÊS, EL PRÓXIMO LUNES, MAÑANA",
];

/// The row backtrackers read the same groups, and so the same windows, as the `regex`
/// captures they replace: every phrase of the corpus and of [`ROW_PHRASES`] (alone, in
/// pairs, and upper-cased), each tense, two published dates.
#[test]
fn row_reader_agrees_with_regex_captures() {
    let finder = TimeFinder::new().unwrap();
    let mut texts = crate::extract::corpus_files();
    texts.extend(ROW_PHRASES.iter().map(|p| p.to_string()));
    texts.extend(ROW_PHRASES.iter().map(|p| p.to_uppercase()));
    for a in ROW_PHRASES {
        for b in ROW_PHRASES {
            texts.push(format!("{a}; {b}"));
        }
    }
    let mut read = 0;
    for text in &texts {
        for m in finder.find(text) {
            let span = &text[m.start..m.end];
            let (row, groups) = &finder.rows[m.rule];
            let caps = row.captures(span).unwrap();
            let slow = groups.read(&caps);
            let names: Vec<&str> = row.capture_names().flatten().collect();
            let fast = finder
                .readers
                .read(m.rule, span, |f| {
                    names.iter().map(|n| f.get(n)).collect::<Vec<_>>()
                })
                .expect("short spans fit the backtracker")
                .expect("the row matches its own phrase");
            let expected: Vec<_> = names.iter().map(|n| slow.get(n)).collect();
            assert_eq!(fast, expected, "{span}");
            for p in [d("2025-02-21"), d("2024-12-30")] {
                for dir in [Future, Past, Neutral] {
                    assert_eq!(
                        finder.resolve(text, m, p, dir),
                        finder.resolve_slowly(span, m.rule, p, dir),
                        "{span}"
                    );
                }
            }
            read += 1;
        }
    }
    // Thousands of phrases over every row: a reader that never ran would prove nothing.
    assert!(read > 5000, "{read}");
    let rows_seen: std::collections::HashSet<usize> = texts
        .iter()
        .flat_map(|t| finder.find(t))
        .map(|m| m.rule)
        .collect();
    assert_eq!(rows_seen.len(), TABLE.len());
}
