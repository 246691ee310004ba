//! The [`Extractor`]: one item's text in, its models, providers, claims and capacity out.

use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use whatlang::{Detector, Lang};

use super::capacity::QuantityFinder;
use super::claims::{SentenceFacts, drop_undated_duplicates, evidence, sentence_claims};
use super::cues::CueFinder;
use super::lexicon::Lexicon;
use super::mentions::{BuildError, MentionFinder, ModelRef};
use super::timex::TimeFinder;
use super::{CapacityNote, Catalog, Extraction, ItemText, fingerprint, text};

/// Bytes of text given to the language detector: enough to be sure, cheap on long bodies.
const LANG_SAMPLE: usize = 512;

/// Phrases that refer back to the model last named ("The model is available today").
const ANAPHORS: &[&str] = &[
    "the model",
    "the new model",
    "o modelo",
    "o novo modelo",
    "el modelo",
    "el nuevo modelo",
];

/// Providers that make chips: a figure next to them is usually what someone else buys, so they
/// are credited only when no other provider is at hand.
const CHIP_MAKERS: &[&str] = &["Nvidia", "AMD"];

/// Extracts models, providers, claims and capacity from items. Build once, share freely: all
/// automata and patterns are compiled in [`Extractor::new`], and extraction takes `&self`.
#[derive(Debug)]
pub struct Extractor {
    catalog: Catalog,
    mentions: MentionFinder,
    cues: CueFinder,
    times: TimeFinder,
    quantities: QuantityFinder,
    languages: Detector,
    anaphors: AhoCorasick,
    /// Aliases, non-models, providers and cues in one pass (see [`Lexicon`]).
    lexicon: Lexicon,
}

impl Extractor {
    /// Compiles the matchers for `catalog`.
    ///
    /// The patterns are constants covered by tests and the catalogue only adds literal strings
    /// to automata, which fail only beyond billions of states; so building cannot fail in
    /// practice and this panics rather than making every caller handle an impossible error.
    /// Use [`Extractor::try_new`] to handle it anyway.
    pub fn new(catalog: Catalog) -> Extractor {
        #[allow(clippy::expect_used)]
        Extractor::try_new(catalog).expect("extraction patterns are constants checked by tests")
    }

    /// Like [`Extractor::new`], returning the (theoretical) build error.
    pub fn try_new(catalog: Catalog) -> Result<Extractor, BuildError> {
        let mentions = MentionFinder::new(&catalog)?;
        let lexicon = Lexicon::new(lexicon_words(&mentions))?;
        Ok(Extractor {
            lexicon,
            mentions,
            cues: CueFinder::new()?,
            times: TimeFinder::new()?,
            quantities: QuantityFinder::new()?,
            languages: Detector::with_allowlist(vec![Lang::Eng, Lang::Por, Lang::Spa]),
            anaphors: AhoCorasick::builder()
                .ascii_case_insensitive(true)
                // A full DFA: at most a few hundred kB for these lists, and the fastest scan.
                .kind(Some(AhoCorasickKind::DFA))
                .match_kind(MatchKind::LeftmostLongest)
                .build(ANAPHORS)
                .map_err(BuildError::from)?,
            catalog,
        })
    }

    /// The words of the shared lexicon pass, for tests of [`Lexicon`].
    #[cfg(test)]
    pub(crate) fn lexicon_words(&self) -> [Vec<&str>; 6] {
        lexicon_words(&self.mentions)
    }

    /// The catalogue this extractor knows.
    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }

    /// Language of an item: the hint's primary subtag ("pt-BR" → "pt"), else a decisive vote of
    /// function words ([`super::lang`]), else detected by whatlang: `en`,
    /// `pt` or `es` when the detector is confident among those three or picks one of them
    /// unrestricted, else the detected language's ISO 639-3 code ("und" when it cannot tell).
    pub fn language(&self, hint: Option<&str>, text: &str) -> String {
        if let Some(primary) = hint
            .and_then(|h| h.trim().split(['-', '_']).next())
            .filter(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphabetic()))
        {
            return primary.to_ascii_lowercase();
        }
        let mut cut = text.len().min(LANG_SAMPLE);
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        if let Some(lang) = super::lang::guess(&text[..cut]) {
            return lang.to_string();
        }
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        let sample = &text[..cut];
        if let Some(info) = self.languages.detect(sample).filter(|i| i.is_reliable()) {
            return match info.lang() {
                Lang::Eng => "en",
                Lang::Por => "pt",
                _ => "es",
            }
            .to_string();
        }
        match whatlang::detect(sample).map(|i| i.lang()) {
            Some(Lang::Eng) => "en".to_string(),
            Some(Lang::Por) => "pt".to_string(),
            Some(Lang::Spa) => "es".to_string(),
            Some(other) => other.code().to_string(),
            None => "und".to_string(),
        }
    }

    /// The first phrase in `sentence` that refers back to the last model named, if any.
    fn anaphor(&self, text: &str, sentence: &Range<usize>) -> Option<Range<usize>> {
        let start = sentence.start;
        self.anaphors
            .find_iter(&text[sentence.clone()])
            .map(|a| start + a.start()..start + a.end())
            .find(|a| text::on_word_boundaries(text, a.start, a.end))
    }

    fn model_name<'a>(&'a self, model: &'a ModelRef) -> &'a str {
        match model {
            ModelRef::Known(i) => self.catalog.models.get(*i).map_or("", |m| m.name.as_str()),
            ModelRef::Discovered(name) => name,
        }
    }

    /// Everything found in one item. Pure: relative dates resolve against `item.published`.
    pub fn extract(&self, item: &ItemText<'_>) -> Extraction {
        let mut text = String::with_capacity(item.title.len() + item.body.len() + 1);
        text.push_str(item.title);
        text.push('\n');
        text.push_str(item.body);

        let mut lists = self.lexicon.find(&text).into_iter();
        let mut next = || lists.next().unwrap_or_default();
        let (aliases, not_models, family_starts) = (next(), next(), next());
        let (providers, cues, unit_hints) = (next(), next(), next());
        let candidates = self
            .mentions
            .models_from(&text, aliases, not_models, family_starts);
        let providers = self.mentions.providers_from(&text, providers);
        let cues = self.cues.find_from(&text, cues);
        // Figures are only ever credited to a provider: without one, there is nothing to find.
        let quantities = if providers.is_empty() {
            Vec::new()
        } else {
            self.quantities
                .find_all_hinted(&text, !unit_hints.is_empty())
        };

        let mut out = Extraction {
            lang: self.language(item.lang_hint, item.body),
            fingerprint: fingerprint::simhash(&text),
            ..Extraction::default()
        };
        for p in &providers {
            let name = &self.catalog.providers[p.provider].name;
            if !out.providers.contains(name) {
                out.providers.push(name.clone());
            }
        }

        // Ambiguous aliases already accepted in the item: "Orion" stays GPT-4.5 once established.
        let mut established: Vec<&ModelRef> = Vec::new();
        let mut last_model: Option<&str> = None;
        // Reused from sentence to sentence.
        let mut models: Vec<(Range<usize>, &str)> = Vec::new();
        for (index, sentence) in text::sentences(&text).into_iter().enumerate() {
            let in_sentence = starting_in(&candidates, &sentence, |m| m.span.start);
            let sure = in_sentence.iter().any(|m| !m.needs_context);
            // Context only matters for ambiguous mentions; most sentences have none to check.
            let ambiguous = in_sentence.iter().any(|m| m.needs_context);
            let context = sure || (ambiguous && self.mentions.has_context(&text, sentence.clone()));
            models.clear();
            models.extend(
                in_sentence
                    .iter()
                    .filter(|m| !m.needs_context || context || established.contains(&&m.model))
                    .map(|m| (m.span.clone(), self.model_name(&m.model))),
            );
            if context {
                established.extend(
                    in_sentence
                        .iter()
                        .filter(|m| m.needs_context)
                        .map(|m| &m.model),
                );
            }
            match (models.last(), last_model) {
                (Some((_, name)), _) => last_model = Some(name),
                (None, Some(name)) => {
                    if let Some(span) = self.anaphor(&text, &sentence) {
                        models.push((span, name));
                    }
                }
                (None, None) => {}
            }
            for (_, name) in &models {
                if !out.models.iter().any(|m| m == name) {
                    out.models.push((*name).to_string());
                }
            }
            let sentence_cues = starting_in(&cues, &sentence, |c| c.start);
            // Time phrases matter only to claims, which need a model and a cue in the sentence;
            // they are looked for there alone (see `TimeFinder::find_in`).
            let sentence_times = if models.is_empty() || sentence_cues.is_empty() {
                Vec::new()
            } else {
                self.times.find_in(&text, sentence.clone())
            };
            let facts = SentenceFacts {
                text: &text,
                sentence: sentence.clone(),
                models: &models,
                cues: sentence_cues,
                times: &sentence_times,
                headline: index == 0 && sentence.end <= item.title.len(),
            };
            sentence_claims(&facts, &self.times, item.published, &mut out.claims);
            self.capacity_notes(&text, &sentence, &quantities, &providers, &mut out.capacity);
        }
        drop_undated_duplicates(&mut out.claims);
        out
    }

    /// Adds the capacity notes of one sentence: one per credited provider, with its figures.
    ///
    /// Each figure goes to the nearest provider named before it in the sentence, else the first
    /// named after it, else the last provider named earlier in the item (the company a
    /// follow-up sentence speaks of). Chip makers ([`CHIP_MAKERS`]) are credited only when no
    /// other provider qualifies by those rules.
    fn capacity_notes(
        &self,
        text: &str,
        sentence: &Range<usize>,
        quantities: &[(usize, super::Quantity)],
        providers: &[super::mentions::ProviderMention],
        out: &mut Vec<CapacityNote>,
    ) {
        let in_sentence = starting_in(quantities, sentence, |(at, _)| *at);
        if in_sentence.is_empty() {
            return;
        }
        let sentence_text = &text[sentence.clone()];
        let mut found: Vec<_> = in_sentence.iter().collect();
        if found.iter().any(|(_, q)| q.unit == super::Unit::Usd)
            && !self.quantities.about_compute(sentence_text)
        {
            found.retain(|(_, q)| q.unit != super::Unit::Usd);
        }
        let mut notes: Vec<CapacityNote> = Vec::new();
        for &&(at, quantity) in &found {
            let Some(provider) = self.credit(sentence, at, providers) else {
                continue;
            };
            let name = &self.catalog.providers[provider].name;
            match notes.iter_mut().find(|n| &n.provider == name) {
                Some(note) => note.quantities.push(quantity),
                None => notes.push(CapacityNote {
                    provider: name.clone(),
                    quantities: vec![quantity],
                    note: evidence(sentence_text),
                }),
            }
        }
        out.extend(notes);
    }

    /// The provider a figure at byte `at` is credited to (see [`Self::capacity_notes`]).
    fn credit(
        &self,
        sentence: &Range<usize>,
        at: usize,
        providers: &[super::mentions::ProviderMention],
    ) -> Option<usize> {
        let maker = |p: &&super::mentions::ProviderMention| {
            CHIP_MAKERS.contains(&self.catalog.providers[p.provider].name.as_str())
        };
        let pick = |allow_makers: bool| {
            let ok = |p: &&super::mentions::ProviderMention| allow_makers || !maker(p);
            let in_sentence =
                |p: &&super::mentions::ProviderMention| within_range(sentence, p.span.start);
            providers
                .iter()
                .rfind(|p| p.span.start < at && in_sentence(p) && ok(p))
                .or_else(|| {
                    providers
                        .iter()
                        .find(|p| p.span.start > at && in_sentence(p) && ok(p))
                })
                .or_else(|| {
                    providers
                        .iter()
                        .rfind(|p| p.span.start < sentence.start && ok(p))
                })
        };
        pick(false).or_else(|| pick(true)).map(|p| p.provider)
    }
}

/// The word lists of the shared [`Lexicon`] pass, in the order [`Extractor::extract`] reads
/// them back: aliases, non-models, family start words, providers, cues, unit hints.
fn lexicon_words(mentions: &MentionFinder) -> [Vec<&str>; 6] {
    let [aliases, not_models, family_starts, providers] = mentions.word_lists();
    [
        aliases,
        not_models,
        family_starts,
        providers,
        CueFinder::words(),
        QuantityFinder::unit_hints(),
    ]
}

/// The run of `items` (sorted by `start`) that starts inside `range`: what filtering by range
/// would keep, found by binary search instead of a scan per sentence.
fn starting_in<'a, T>(
    items: &'a [T],
    range: &Range<usize>,
    start: impl Fn(&T) -> usize,
) -> &'a [T] {
    let from = items.partition_point(|i| start(i) < range.start);
    let to = items.partition_point(|i| start(i) < range.end).max(from);
    items.get(from..to).unwrap_or_default()
}

fn within_range(r: &Range<usize>, at: usize) -> bool {
    r.start <= at && at < r.end
}

#[cfg(test)]
#[path = "extractor_tests.rs"]
mod tests;
