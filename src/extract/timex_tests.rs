//! Tests of the time phrase table: one or more phrases per family, in en, pt and es.

use super::*;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// Resolves the first phrase in `text` against 2025-02-21 (a Friday).
fn first(text: &str, dir: Direction) -> Option<(String, String, Precision)> {
    let finder = TimeFinder::new().unwrap();
    let p = d("2025-02-21");
    let m = finder
        .find(text)
        .into_iter()
        .find_map(|m| finder.resolve(text, m, p, dir))?;
    Some((m.start.to_string(), m.end.to_string(), m.precision))
}

fn check(text: &str, dir: Direction, start: &str, end: &str, precision: Precision) {
    assert_eq!(
        first(text, dir),
        Some((start.to_string(), end.to_string(), precision)),
        "{text}"
    );
}

use Direction::{Future, Neutral, Past};
use Precision::*;

#[test]
fn absolute_dates() {
    check(
        "released on 2025-08-07.",
        Past,
        "2025-08-07",
        "2025-08-07",
        Day,
    );
    check(
        "launched August 7, 2025 worldwide",
        Past,
        "2025-08-07",
        "2025-08-07",
        Day,
    );
    check(
        "lançado em 7 de agosto de 2025",
        Past,
        "2025-08-07",
        "2025-08-07",
        Day,
    );
    check("el 7 de agosto", Future, "2025-08-07", "2025-08-07", Day);
    check("on 12 March", Past, "2024-03-12", "2024-03-12", Day);
}

#[test]
fn months_and_parts_of_months() {
    check(
        "deve ser lançado no final de maio",
        Future,
        "2025-05-21",
        "2025-05-31",
        Month,
    );
    check(
        "a finales de mayo",
        Future,
        "2025-05-21",
        "2025-05-31",
        Month,
    );
    check(
        "by the end of May",
        Future,
        "2025-05-21",
        "2025-05-31",
        Month,
    );
    check("in early March", Future, "2025-03-01", "2025-03-10", Month);
    check("mid-April 2026", Neutral, "2026-04-11", "2026-04-20", Month);
    check(
        "em meados de junho",
        Future,
        "2025-06-11",
        "2025-06-20",
        Month,
    );
    check("expected in May", Future, "2025-05-01", "2025-05-31", Month);
    check("released in May", Past, "2024-05-01", "2024-05-31", Month);
    check(
        "en mayo de 2025",
        Neutral,
        "2025-05-01",
        "2025-05-31",
        Month,
    );
    check("December 2024", Neutral, "2024-12-01", "2024-12-31", Month);
}

#[test]
fn bare_may_is_not_a_month() {
    assert_eq!(first("the model may arrive", Future), None);
    assert_eq!(first("It may slip", Future), None);
}

#[test]
fn parts_of_years() {
    check(
        "até o final de 2024",
        Future,
        "2024-10-01",
        "2024-12-31",
        Year,
    );
    check(
        "para o início de 2025",
        Future,
        "2025-01-01",
        "2025-04-30",
        Year,
    );
    check("early 2025", Neutral, "2025-01-01", "2025-04-30", Year);
    check("late 2025", Neutral, "2025-09-01", "2025-12-31", Year);
    check(
        "by the end of the year",
        Future,
        "2025-10-01",
        "2025-12-31",
        Year,
    );
    check("early next year", Future, "2026-01-01", "2026-04-30", Year);
    check(
        "a mediados de 2025",
        Future,
        "2025-05-01",
        "2025-08-31",
        Year,
    );
    check("a finales de año", Future, "2025-10-01", "2025-12-31", Year);
    check(
        "no fim do ano que vem",
        Future,
        "2026-10-01",
        "2026-12-31",
        Year,
    );
    check("later this year", Future, "2025-02-21", "2025-12-31", Year);
}

#[test]
fn quarters_halves_and_years() {
    check("in Q3 2025", Future, "2025-07-01", "2025-09-30", Quarter);
    check(
        "no segundo trimestre",
        Future,
        "2025-04-01",
        "2025-06-30",
        Quarter,
    );
    check(
        "en el primer trimestre de 2026",
        Future,
        "2026-01-01",
        "2026-03-31",
        Quarter,
    );
    check(
        "in the second half of the year",
        Future,
        "2025-07-01",
        "2025-12-31",
        Half,
    );
    check("H1 2026", Neutral, "2026-01-01", "2026-06-30", Half);
    check(
        "no primeiro semestre de 2025",
        Future,
        "2025-01-01",
        "2025-06-30",
        Half,
    );
    check("in 2026", Future, "2026-01-01", "2026-12-31", Year);
}

#[test]
fn relative_weeks_months_years() {
    check(
        "já na próxima semana",
        Future,
        "2025-02-24",
        "2025-03-02",
        Week,
    );
    check("next week", Future, "2025-02-24", "2025-03-02", Week);
    check(
        "la semana que viene",
        Future,
        "2025-02-24",
        "2025-03-02",
        Week,
    );
    check("last week", Past, "2025-02-10", "2025-02-16", Week);
    check("next month", Future, "2025-03-01", "2025-03-31", Month);
    check("el mes pasado", Past, "2025-01-01", "2025-01-31", Month);
    check("this year", Neutral, "2025-01-01", "2025-12-31", Year);
    check("no ano que vem", Future, "2026-01-01", "2026-12-31", Year);
    check("el próximo año", Future, "2026-01-01", "2026-12-31", Year);
}

#[test]
fn vague_windows() {
    check(
        "será revelado em poucas semanas",
        Future,
        "2025-02-28",
        "2025-04-04",
        Fuzzy,
    );
    check(
        "in the coming weeks",
        Future,
        "2025-02-28",
        "2025-04-04",
        Fuzzy,
    );
    check("en unos meses", Future, "2025-03-23", "2025-08-23", Fuzzy);
    check(
        "nos próximos dias",
        Future,
        "2025-02-22",
        "2025-03-03",
        Fuzzy,
    );
    check("coming soon", Future, "2025-02-21", "2025-05-22", Fuzzy);
}

#[test]
fn days() {
    check("released today", Past, "2025-02-21", "2025-02-21", Day);
    check("lançou ontem", Past, "2025-02-20", "2025-02-20", Day);
    check("lo presentó ayer", Past, "2025-02-20", "2025-02-20", Day);
    check("disponible mañana", Future, "2025-02-22", "2025-02-22", Day);
    assert_eq!(first("por la mañana", Future), None);
}

#[test]
fn weekdays_follow_tense_and_modifiers() {
    // 2025-02-21 is a Friday.
    check("on Thursday", Past, "2025-02-20", "2025-02-20", Day);
    check("on Thursday", Future, "2025-02-27", "2025-02-27", Day);
    check("on Thursday", Neutral, "2025-02-20", "2025-02-20", Day);
    check("next Monday", Neutral, "2025-02-24", "2025-02-24", Day);
    check("last Friday", Future, "2025-02-14", "2025-02-14", Day);
    check("nesta quinta-feira", Past, "2025-02-20", "2025-02-20", Day);
    check(
        "na próxima terça-feira",
        Neutral,
        "2025-02-25",
        "2025-02-25",
        Day,
    );
    check("no sábado (15)", Past, "2025-02-15", "2025-02-15", Day);
    check("no sábado (1)", Future, "2025-03-01", "2025-03-01", Day);
    check("el lunes", Future, "2025-02-24", "2025-02-24", Day);
    check("el pasado martes", Neutral, "2025-02-18", "2025-02-18", Day);
}

#[test]
fn every_table_row_compiles() {
    let finder = TimeFinder::new().unwrap();
    assert_eq!(finder.rows.len(), TABLE.len());
}

/// The multi-pattern regex finds what the alternation of the rows finds, with the same rows.
#[test]
fn rows_are_reported_as_the_alternation_would() {
    let finder = TimeFinder::new().unwrap();
    let alternation = TABLE
        .iter()
        .enumerate()
        .map(|(i, (_, p, _))| format!("(?P<r{i}>{})", strip_names(&expand(p, false))))
        .collect::<Vec<_>>()
        .join("|");
    let alternation = Regex::new(&alternation).unwrap();
    let mut texts = crate::extract::corpus_files();
    texts.push(
        "next week, in May 2025, 2025-03-01, Q3 2025, H2, early 2026, in a few weeks, soon, \
         today, last Monday, na próxima segunda-feira (5), el próximo martes, xúltimo mes, \
         áúltima semana, no mês de março de 2026, a fines de 2025, ayer y hoy"
            .to_string(),
    );
    for text in &texts {
        let expected: Vec<(usize, usize, usize)> = alternation
            .captures_iter(text)
            .map(|c| {
                let m = c.get(0).unwrap();
                let row = (0..TABLE.len()).find(|&i| c.get(i + 1).is_some()).unwrap();
                (m.start(), m.end(), row)
            })
            .collect();
        let found: Vec<(usize, usize, usize)> = finder
            .find(text)
            .iter()
            .map(|t| (t.start, t.end, t.rule))
            .collect();
        assert_eq!(found, expected, "{text}");
    }
}

/// Searching sentence by sentence finds what searching the whole text finds.
#[test]
fn sentences_hold_whole_phrases() {
    let finder = TimeFinder::new().unwrap();
    let mut texts = crate::extract::corpus_files();
    texts.push(
        "It ships in May. 2025 was early. Next week! Soon? Today… on Monday (5). El martes\n\
         3 de marzo de 2025.\"Q3\" (H2) early 2026.) late May. Sept 3rd, 2025"
            .to_string(),
    );
    for text in &texts {
        let by_sentence: Vec<TimeMention> = crate::extract::text::sentences(text)
            .into_iter()
            .flat_map(|s| finder.find_in(text, s))
            .collect();
        assert_eq!(by_sentence, finder.find(text), "{text}");
    }
}
