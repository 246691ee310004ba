//! The [`Extractor`]: one item's text in, its models, providers, claims and capacity out.

use std::ops::Range;

use whatlang::{Detector, Lang};

use super::capacity::QuantityFinder;
use super::claims::{SentenceFacts, evidence, sentence_claims};
use super::cues::CueFinder;
use super::mentions::{BuildError, MentionFinder, ModelRef};
use super::timex::TimeFinder;
use super::{CapacityNote, Catalog, Extraction, ItemText, fingerprint, text};

/// Bytes of text given to the language detector: enough to be sure, cheap on long bodies.
const LANG_SAMPLE: usize = 1000;

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
        Ok(Extractor {
            mentions: MentionFinder::new(&catalog)?,
            cues: CueFinder::new()?,
            times: TimeFinder::new()?,
            quantities: QuantityFinder::new()?,
            languages: Detector::with_allowlist(vec![Lang::Eng, Lang::Por, Lang::Spa]),
            catalog,
        })
    }

    /// The catalogue this extractor knows.
    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }

    /// Language of an item: the hint's primary subtag ("pt-BR" → "pt"), else detected: `en`,
    /// `pt` or `es` when the detector is confident among those three, else its ISO 639-3 code
    /// ("und" when it cannot tell).
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
        let sample = &text[..cut];
        if let Some(info) = self.languages.detect(sample).filter(|i| i.is_reliable()) {
            return match info.lang() {
                Lang::Eng => "en",
                Lang::Por => "pt",
                _ => "es",
            }
            .to_string();
        }
        whatlang::detect(sample).map_or_else(|| "und".to_string(), |i| i.lang().code().to_string())
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

        let candidates = self.mentions.models(&text);
        let providers = self.mentions.providers(&text);
        let cues = self.cues.find(&text);
        let times = self.times.find(&text);
        let quantities = self.quantities.find_all(&text);

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

        let within = |r: &Range<usize>, start: usize| r.start <= start && start < r.end;
        for sentence in text::sentences(&text) {
            let in_sentence: Vec<_> = candidates
                .iter()
                .filter(|m| within(&sentence, m.span.start))
                .collect();
            let sure = in_sentence.iter().any(|m| !m.needs_context);
            let context = sure || self.mentions.has_context(&text, sentence.clone());
            let models: Vec<(Range<usize>, &str)> = in_sentence
                .iter()
                .filter(|m| !m.needs_context || context)
                .map(|m| (m.span.clone(), self.model_name(&m.model)))
                .collect();
            for (_, name) in &models {
                if !out.models.iter().any(|m| m == name) {
                    out.models.push((*name).to_string());
                }
            }
            let sentence_cues: Vec<_> = cues
                .iter()
                .filter(|c| within(&sentence, c.start))
                .copied()
                .collect();
            let sentence_times: Vec<_> = times
                .iter()
                .filter(|t| within(&sentence, t.start))
                .copied()
                .collect();
            let facts = SentenceFacts {
                text: &text,
                sentence: sentence.clone(),
                models: &models,
                cues: &sentence_cues,
                times: &sentence_times,
            };
            sentence_claims(&facts, &self.times, item.published, &mut out.claims);
            self.capacity_note(&text, &sentence, &quantities, &providers, &mut out.capacity);
        }
        out
    }

    /// Adds the capacity note of one sentence, if it has figures and a provider to credit: the
    /// nearest provider named before the first figure, else the first named after it, else the
    /// last provider named earlier in the item (the company a follow-up sentence speaks of).
    fn capacity_note(
        &self,
        text: &str,
        sentence: &Range<usize>,
        quantities: &[(usize, super::Quantity)],
        providers: &[super::mentions::ProviderMention],
        out: &mut Vec<CapacityNote>,
    ) {
        let mut found: Vec<_> = quantities
            .iter()
            .filter(|(at, _)| sentence.start <= *at && *at < sentence.end)
            .collect();
        if found.is_empty() {
            return;
        }
        let sentence_text = &text[sentence.clone()];
        if found.iter().any(|(_, q)| q.unit == super::Unit::Usd)
            && !self.quantities.about_compute(sentence_text)
        {
            found.retain(|(_, q)| q.unit != super::Unit::Usd);
        }
        let Some(first) = found.first().map(|(at, _)| *at) else {
            return;
        };
        let before = providers
            .iter()
            .filter(|p| p.span.start < first)
            .next_back();
        let credited = match before {
            Some(p) if p.span.start >= sentence.start => Some(p),
            _ => providers
                .iter()
                .find(|p| within_range(sentence, p.span.start))
                .or(before),
        };
        let Some(provider) = credited else { return };
        out.push(CapacityNote {
            provider: self.catalog.providers[provider.provider].name.clone(),
            quantities: found.iter().map(|(_, q)| *q).collect(),
            note: evidence(sentence_text),
        });
    }
}

fn within_range(r: &Range<usize>, at: usize) -> bool {
    r.start <= at && at < r.end
}
