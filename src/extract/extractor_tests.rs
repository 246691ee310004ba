//! Extractor-level properties: thread safety, language choice, robustness on hostile text.

use super::*;
use chrono::NaiveDate;
use proptest::prelude::*;

fn item<'a>(title: &'a str, body: &'a str, hint: Option<&'a str>) -> ItemText<'a> {
    ItemText {
        title,
        body,
        lang_hint: hint,
        published: NaiveDate::from_ymd_opt(2025, 2, 21).unwrap(),
    }
}

#[test]
fn extractor_is_send_and_sync() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Extractor>();
}

#[test]
fn language_hint_wins_and_detection_maps_to_two_letters() {
    let x = Extractor::new(Catalog::embedded());
    assert_eq!(x.language(Some("pt-BR"), "This is English text."), "pt");
    assert_eq!(x.language(Some(" ES_mx "), ""), "es");
    let english = "The company said the new model will be available to developers next month.";
    assert_eq!(x.language(None, english), "en");
    let spanish = "La compañía dijo que el nuevo modelo estará disponible el próximo mes.";
    assert_eq!(x.language(None, spanish), "es");
    let german = "Das Unternehmen sagte, das neue Modell werde nächsten Monat verfügbar sein.";
    assert_eq!(x.language(None, german), "deu");
}

#[test]
fn evidence_and_notes_are_sanitised() {
    let x = Extractor::new(Catalog::embedded());
    let body = "OpenAI released GPT-4.5 today.\u{1b}]52;c;ZXZpbA==\u{7} Microsoft bought \
                100,000 GPUs\u{202e} for its data centers.";
    let found = x.extract(&item("", body, Some("en")));
    assert!(!found.claims.is_empty() && !found.capacity.is_empty());
    for text in found
        .claims
        .iter()
        .map(|c| &c.evidence)
        .chain(found.capacity.iter().map(|n| &n.note))
    {
        assert!(
            !text.chars().any(|c| c.is_control() || c == '\u{202e}'),
            "{text:?}"
        );
    }
}

#[test]
fn models_and_providers_keep_first_mention_order() {
    let x = Extractor::new(Catalog::embedded());
    let found = x.extract(&item(
        "Azure to host o3",
        "Google and Microsoft race; Gemini 2.5 Pro and o3 compete.",
        Some("en"),
    ));
    assert_eq!(found.models, vec!["o3", "Gemini 2.5 Pro"]);
    assert_eq!(found.providers, vec!["Microsoft", "Google"]);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn never_panics_on_arbitrary_text(title in "\\PC{0,40}", body in "(\\PC|[\\n.,;:()0-9$])*") {
        let x = Extractor::new(Catalog::embedded());
        let _ = x.extract(&item(&title, &body, None));
    }

    #[test]
    fn never_panics_on_newsy_fragments(parts in proptest::collection::vec(prop_oneof![
        Just("GPT-5 "), Just("será lançado "), Just("no final de maio "), Just("(22) "),
        Just("100.000 GPUs "), Just("US$ 4,5 bilhões "), Just("Orion. "), Just("el lunes "),
        Just("ação… "), Just("Microsoft, "), Just("o3-mini "), Just("\u{1b}[2J "),
    ], 0..30)) {
        let body: String = parts.concat();
        let x = Extractor::new(Catalog::embedded());
        let _ = x.extract(&item("", &body, None));
    }
}
