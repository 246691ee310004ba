//! Finding models and providers in text: catalogue aliases, family patterns, a negative list.
//!
//! Aliases are matched with one Aho-Corasick automaton (ASCII case-insensitive, whole words).
//! Two kinds of alias are ambiguous and need a *model context* (a context word such as "model"
//! or "codinome", or another model, in the same sentence): codenames, i.e. single words without
//! digits ("Orion", which is also a constellation), which must also match in exact case; and
//! aliases of three characters or fewer ("o3", which is also ozone) when not in exact case.
//!
//! Family patterns find models the catalogue does not know yet ("GPT-6", "Claude Opus 5") and
//! report them under a normalised name. A version that is a year ("GPT-2024", a codename in the
//! seed article) is not taken as a model: it names no release we could track.
//!
//! Hardware and other products that look like models (H100, GB200 NVL72, TPU v5p, iPhone 16)
//! are on a negative list: a candidate overlapping one, or named like one, is dropped.

use std::collections::HashMap;
use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickKind, Match, MatchKind};

use super::Catalog;
use super::text::on_word_boundaries;

#[path = "mentions_families.rs"]
mod families;

use families::FamilyFinder;

/// Products that are not models.
pub const NOT_MODELS: &[&str] = &[
    "H100",
    "H200",
    "H800",
    "H20",
    "A100",
    "A800",
    "B100",
    "B200",
    "B300",
    "GB200",
    "GB300",
    "GB200 NVL72",
    "GB300 NVL72",
    "NVL72",
    "Blackwell",
    "Blackwell Ultra",
    "Hopper",
    "Rubin",
    "Vera Rubin",
    "Grace Hopper",
    "Trainium",
    "Trainium2",
    "Trainium3",
    "Inferentia2",
    "TPU",
    "TPU v4",
    "TPU v5e",
    "TPU v5p",
    "TPU v6e",
    "Trillium",
    "Ironwood",
    "MI300X",
    "MI325X",
    "MI355X",
    "Gaudi 3",
    "Maia 100",
    "Cobalt 100",
    "Axion",
    "Windows 11",
    "Windows 10",
    "iPhone 16",
    "iPhone 15",
    "iPhone 17",
    "Pixel 9",
    "Galaxy S25",
    "Xbox Series X",
    "PlayStation 5",
    "Snapdragon X",
    "Apple M4",
    "Nitro",
];

/// Words that make an ambiguous alias plausible as a model.
const MODEL_CONTEXT: &[&str] = &[
    "model",
    "models",
    "modelo",
    "modelos",
    "codename",
    "code name",
    "code-named",
    "codenamed",
    "codinome",
    "nome de código",
    "nombre en clave",
    "nombre clave",
    "llm",
    "reasoning",
    "raciocínio",
    "razonamiento",
    "inferência",
    "inferencia",
    "inference",
    "chatbot",
    "chatgpt",
    "openai",
    "anthropic",
    "deepmind",
];

/// Who a candidate model is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ModelRef {
    /// Index into the catalogue's models.
    Known(usize),
    /// A model found by a family pattern, under its normalised name.
    Discovered(String),
}

/// A model found in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelMention {
    /// Byte range in the text.
    pub span: Range<usize>,
    /// The model.
    pub model: ModelRef,
    /// Needs a model context in its sentence to count (see the module docs).
    pub needs_context: bool,
}

/// A provider found in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProviderMention {
    /// Byte range in the text.
    pub span: Range<usize>,
    /// Index into the catalogue's providers.
    pub provider: usize,
}

#[derive(Debug)]
enum AliasRule {
    /// Matches in any case.
    Any,
    /// Exact case, and needs a model context.
    Codename,
    /// Any case, but not the exact one needs a model context.
    Short,
}

/// The compiled matchers for one catalogue.
#[derive(Debug)]
pub struct MentionFinder {
    aliases: AhoCorasick,
    alias_info: Vec<(usize, AliasRule, String)>,
    families: FamilyFinder,
    /// The families' start words, for [`Self::models`] (the extractor uses its lexicon).
    family_starts: AhoCorasick,
    by_name: HashMap<String, usize>,
    not_models: AhoCorasick,
    not_model_names: Vec<String>,
    context: AhoCorasick,
    providers: AhoCorasick,
    provider_info: Vec<(usize, String)>,
}

/// Why the matchers could not be built (a bug in the constant tables).
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// An automaton failed to build.
    #[error("automaton: {0}")]
    Automaton(#[from] aho_corasick::BuildError),
    /// A pattern failed to compile.
    #[error("pattern: {0}")]
    Pattern(#[from] regex::Error),
    /// The time phrase table failed to compile.
    #[error("{0}")]
    Time(#[from] super::timex::TimeBuildError),
    /// A quantity pattern searched by `regex-automata` directly failed to compile.
    #[error("{0}")]
    Quantity(#[from] super::capacity::LocatorBuildError),
}

fn automaton<I, P>(patterns: I, kind: MatchKind) -> Result<AhoCorasick, aho_corasick::BuildError>
where
    I: IntoIterator<Item = P>,
    P: AsRef<[u8]>,
{
    AhoCorasick::builder()
        .ascii_case_insensitive(true)
        // A full DFA: at most a few hundred kB for these lists, and the fastest scan.
        .kind(Some(AhoCorasickKind::DFA))
        .match_kind(kind)
        .build(patterns)
}

impl MentionFinder {
    /// Compiles the matchers for `catalog`.
    pub fn new(catalog: &Catalog) -> Result<MentionFinder, BuildError> {
        let mut patterns = Vec::new();
        let mut alias_info = Vec::new();
        let mut by_name = HashMap::new();
        for (i, model) in catalog.models.iter().enumerate() {
            for alias in std::iter::once(&model.name).chain(&model.aliases) {
                let codename = !alias.contains(' ') && !alias.chars().any(|c| c.is_ascii_digit());
                let rule = if codename {
                    AliasRule::Codename
                } else if alias.len() <= 3 {
                    AliasRule::Short
                } else {
                    AliasRule::Any
                };
                patterns.push(alias.clone());
                alias_info.push((i, rule, alias.clone()));
                by_name.entry(alias.to_lowercase()).or_insert(i);
            }
        }
        let mut provider_patterns = Vec::new();
        let mut provider_info = Vec::new();
        for (i, provider) in catalog.providers.iter().enumerate() {
            for alias in std::iter::once(&provider.name).chain(&provider.aliases) {
                provider_patterns.push(alias.clone());
                provider_info.push((i, alias.clone()));
            }
        }
        Ok(MentionFinder {
            aliases: automaton(&patterns, MatchKind::LeftmostLongest)?,
            alias_info,
            families: FamilyFinder::new()?,
            family_starts: automaton(FamilyFinder::start_words(), MatchKind::LeftmostLongest)?,
            by_name,
            not_models: automaton(NOT_MODELS, MatchKind::LeftmostLongest)?,
            not_model_names: NOT_MODELS.iter().map(|n| n.to_lowercase()).collect(),
            context: automaton(MODEL_CONTEXT, MatchKind::LeftmostLongest)?,
            providers: automaton(&provider_patterns, MatchKind::LeftmostLongest)?,
            provider_info,
        })
    }

    /// Model candidates in `text`, in order, not overlapping (longer spans win; on equal spans
    /// a catalogue alias wins). Context requirements are checked by [`Self::has_context`].
    pub fn models(&self, text: &str) -> Vec<ModelMention> {
        self.models_from(
            text,
            self.aliases.find_iter(text),
            self.not_models.find_iter(text),
            self.family_starts.find_iter(text),
        )
    }

    /// The alias, non-model, family start and provider lists, as [`super::lexicon::Lexicon`]
    /// takes them for [`Self::models_from`] and [`Self::providers_from`].
    pub(crate) fn word_lists(&self) -> [Vec<&str>; 4] {
        [
            self.alias_info.iter().map(|(_, _, a)| a.as_str()).collect(),
            NOT_MODELS.to_vec(),
            FamilyFinder::start_words(),
            self.provider_info.iter().map(|(_, a)| a.as_str()).collect(),
        ]
    }

    /// [`Self::models`] from leftmost-longest matches of the alias, non-model and family start
    /// lists.
    pub(crate) fn models_from(
        &self,
        text: &str,
        aliases: impl IntoIterator<Item = Match>,
        negatives: impl IntoIterator<Item = Match>,
        family_starts: impl IntoIterator<Item = Match>,
    ) -> Vec<ModelMention> {
        let mut found: Vec<ModelMention> = Vec::new();
        for m in aliases {
            let (model, rule, alias) = &self.alias_info[m.pattern().as_usize()];
            if !on_word_boundaries(text, m.start(), m.end()) {
                continue;
            }
            let exact = &text[m.range()] == alias.as_str();
            let needs_context = match rule {
                AliasRule::Any => false,
                AliasRule::Codename if !exact => continue,
                AliasRule::Codename => true,
                AliasRule::Short => !exact,
            };
            found.push(ModelMention {
                span: m.range(),
                model: ModelRef::Known(*model),
                needs_context,
            });
        }
        for (span, row) in self.families.find(text, family_starts) {
            // A catalogue match covering as much wins the merge anyway: no need to name it.
            if covered(&found, &span) {
                continue;
            }
            let Some(name) = self.families.name(text, row, span.clone()) else {
                continue;
            };
            let model = match self.by_name.get(&name.to_lowercase()) {
                Some(&i) => ModelRef::Known(i),
                None => ModelRef::Discovered(name),
            };
            let candidate = ModelMention {
                span,
                model,
                needs_context: false,
            };
            merge_candidate(&mut found, candidate);
        }
        found.sort_by_key(|m| m.span.start);
        let negatives: Vec<Range<usize>> = negatives
            .into_iter()
            .filter(|m| on_word_boundaries(text, m.start(), m.end()))
            .map(|m| m.range())
            .collect();
        found.retain(|m| {
            !overlaps_any(&negatives, &m.span)
                && !matches!(&m.model, ModelRef::Discovered(name) if self.not_model_names.contains(&name.to_lowercase()))
        });
        found
    }

    /// Whether the byte range `sentence` of `text` holds a model context word.
    pub fn has_context(&self, text: &str, sentence: Range<usize>) -> bool {
        let start = sentence.start;
        self.context
            .find_iter(&text[sentence])
            .any(|m| on_word_boundaries(text, start + m.start(), start + m.end()))
    }

    /// Provider mentions in `text`. Aliases match in exact case or in capitals ("NVIDIA"), so the
    /// Portuguese word "meta" is not Meta.
    pub fn providers(&self, text: &str) -> Vec<ProviderMention> {
        self.providers_from(text, self.providers.find_iter(text))
    }

    /// [`Self::providers`] from leftmost-longest matches of the provider list.
    pub(crate) fn providers_from(
        &self,
        text: &str,
        matches: impl IntoIterator<Item = Match>,
    ) -> Vec<ProviderMention> {
        matches
            .into_iter()
            .filter(|m| on_word_boundaries(text, m.start(), m.end()))
            .filter_map(|m| {
                let (provider, alias) = &self.provider_info[m.pattern().as_usize()];
                let written = &text[m.range()];
                let ok = written == alias.as_str()
                    || (written.chars().any(|c| c.is_alphabetic())
                        && !written.chars().any(|c| c.is_lowercase()));
                ok.then(|| ProviderMention {
                    span: m.range(),
                    provider: *provider,
                })
            })
            .collect()
    }
}

/// Adds a family candidate unless a catalogue match covers at least as much of the text;
/// removes catalogue matches it strictly extends.
///
/// `found` is kept sorted by start and free of overlaps (alias and family matches are each
/// non-overlapping, and this merge keeps them so), so the spans it overlaps are one run found by
/// binary search: a linear scan per candidate made long texts quadratic.
fn merge_candidate(found: &mut Vec<ModelMention>, candidate: ModelMention) {
    if covered(found, &candidate.span) {
        return;
    }
    let first = found.partition_point(|m| m.span.end <= candidate.span.start);
    let last = found.partition_point(|m| m.span.start < candidate.span.end);
    found.splice(first..last.max(first), std::iter::once(candidate));
}

/// Whether a span of `found` (as [`merge_candidate`] keeps it) overlapping `span` is at least as
/// long: then a candidate at `span` is not added.
fn covered(found: &[ModelMention], span: &Range<usize>) -> bool {
    let first = found.partition_point(|m| m.span.end <= span.start);
    let last = found.partition_point(|m| m.span.start < span.end);
    found
        .get(first..last)
        .unwrap_or_default()
        .iter()
        .any(|m| m.span.len() >= span.len())
}

/// Whether `span` overlaps any of `sorted` (ordered by start and free of overlaps, as
/// leftmost-longest matches are).
fn overlaps_any(sorted: &[Range<usize>], span: &Range<usize>) -> bool {
    let next = sorted.partition_point(|n| n.end <= span.start);
    sorted.get(next).is_some_and(|n| n.start < span.end)
}

#[cfg(test)]
#[path = "mentions_tests.rs"]
mod tests;
