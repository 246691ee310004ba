//! Tests of model and provider mentions.

use super::*;

fn finder() -> (MentionFinder, Catalog) {
    let catalog = Catalog::embedded();
    (MentionFinder::new(&catalog).unwrap(), catalog)
}

fn names(text: &str) -> Vec<String> {
    let (f, catalog) = finder();
    f.models(text)
        .into_iter()
        .map(|m| match m.model {
            ModelRef::Known(i) => catalog.models[i].name.clone(),
            ModelRef::Discovered(n) => n,
        })
        .collect()
}

#[test]
fn aliases_map_to_canonical_names() {
    assert_eq!(
        names("OpenAI's gpt 4.5 and GPT4.5 and GPT-4.5"),
        vec!["GPT-4.5"; 3]
    );
    assert_eq!(names("o novo GPT 5 chega"), vec!["GPT-5"]);
}

#[test]
fn families_discover_and_normalise_unknown_models() {
    assert_eq!(
        names("claude 3.7 sonnet beats gpt-6 mini"),
        vec!["Claude 3.7 Sonnet", "GPT-6 mini"]
    );
    assert_eq!(
        names("Claude Opus 5 and Gemini 3 pro"),
        vec!["Claude Opus 5", "Gemini 3 Pro"]
    );
    assert_eq!(
        names("Llama 3.1 405B vs llama-4 maverick"),
        vec!["Llama 3.1 405B", "Llama 4 Maverick"]
    );
    assert_eq!(
        names("deepseek r2 and Qwen3-235b and Grok 4"),
        vec!["DeepSeek-R2", "Qwen3-235B", "Grok 4"]
    );
    assert_eq!(
        names("o4-mini and o5 and Phi-4 mini"),
        vec!["o4-mini", "o5", "Phi-4 mini"]
    );
    assert_eq!(
        names("Claude 4 Sonnet"),
        vec!["Claude Sonnet 4"],
        "catalogue alias wins"
    );
}

#[test]
fn year_versions_are_codenames_not_models() {
    assert_eq!(
        names("lançaria o GPT-2024 (provavelmente o codinome GPT-5)"),
        vec!["GPT-5"]
    );
}

#[test]
fn o3_needs_word_boundaries_and_case_or_context() {
    let (f, _) = finder();
    let found = f.models("o3 and O3 and xo3 and co3d and o3-mini");
    let spans: Vec<_> = found
        .iter()
        .map(|m| (m.span.start, m.needs_context))
        .collect();
    // "o3" exact; "O3" needs context; xo3/co3d nothing; o3-mini its own model.
    assert_eq!(spans, vec![(0, false), (7, true), (31, false)]);
}

#[test]
fn codenames_need_exact_case() {
    let (f, _) = finder();
    assert!(f.models("the orion belt").is_empty());
    let found = f.models("Orion is bright");
    assert_eq!(found.len(), 1);
    assert!(found[0].needs_context);
    let text = "The Orion constellation. The model, codenamed Orion, ships.";
    let sentences = super::super::text::sentences(text);
    assert!(!f.has_context(text, sentences[0].clone()));
    assert!(f.has_context(text, sentences[1].clone()));
}

#[test]
fn hardware_and_products_are_not_models() {
    let text = "The model runs on H100, H200, B200 and GB200 NVL72 racks with Blackwell, \
                Trainium2, TPU v5p and Ironwood chips; Windows 11 and iPhone 16 get the model too.";
    assert!(names(text).is_empty(), "{:?}", names(text));
    // A user catalogue that lists hardware as a model is overruled by the negative list.
    let mut catalog = Catalog::embedded();
    catalog.models.push(crate::extract::ModelEntry {
        name: "Blackwell".into(),
        aliases: vec!["TPU v5p".into()],
        ..Default::default()
    });
    let f = MentionFinder::new(&catalog).unwrap();
    assert!(f.models("the Blackwell model and TPU v5p").is_empty());
}

#[test]
fn providers_match_case_carefully() {
    let (f, catalog) = finder();
    let text = "A meta da Meta: Azure, NVIDIA e Amazon Web Services.";
    let names: Vec<&str> = f
        .providers(text)
        .iter()
        .map(|p| catalog.providers[p.provider].name.as_str())
        .collect();
    assert_eq!(names, vec!["Meta", "Microsoft", "Nvidia", "AWS"]);
}
