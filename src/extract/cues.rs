//! Cue words that make a sentence a claim, in en/pt/es, with the tense they imply.
//!
//! Longer cues win over shorter ones at the same place ("deve ser lançado" is expected, not
//! released; "lançou" is not "lança"). Some entries are *stoppers* with no kind: they swallow
//! phrases that contain a cue but mean something else ("due to", "than expected").

use aho_corasick::{AhoCorasick, AhoCorasickKind, Match, MatchKind};

use super::ClaimKind;
use super::text::on_word_boundaries;
use super::timex::Direction;

/// What a cue says. `None` kind: a stopper.
type Cue = (&'static str, Option<ClaimKind>);

use ClaimKind::{Announced, Delayed, Expected, Released, Rumored};

const CUES: &[Cue] = &[
    // Released (past).
    ("released", Some(Released)),
    ("releases", Some(Released)),
    ("launched", Some(Released)),
    ("launches", Some(Released)),
    ("rolled out", Some(Released)),
    ("rolls out", Some(Released)),
    ("rolling out", Some(Released)),
    ("shipped", Some(Released)),
    ("ships", Some(Released)),
    ("made available", Some(Released)),
    ("is now available", Some(Released)),
    ("now available", Some(Released)),
    ("is available", Some(Released)),
    ("are available", Some(Released)),
    ("became available", Some(Released)),
    ("generally available", Some(Released)),
    ("went live", Some(Released)),
    ("is live", Some(Released)),
    ("debuted", Some(Released)),
    ("opened access", Some(Released)),
    ("lançou", Some(Released)),
    ("lançaram", Some(Released)),
    ("lança", Some(Released)),
    ("lançado", Some(Released)),
    ("lançada", Some(Released)),
    ("foi lançado", Some(Released)),
    ("foi lançada", Some(Released)),
    ("disponibilizou", Some(Released)),
    ("disponibiliza", Some(Released)),
    ("liberou", Some(Released)),
    ("libera", Some(Released)),
    ("estreou", Some(Released)),
    ("já está disponível", Some(Released)),
    ("está disponível", Some(Released)),
    ("chegou", Some(Released)),
    ("lanzó", Some(Released)),
    ("lanzaron", Some(Released)),
    ("lanza", Some(Released)),
    ("lanzado", Some(Released)),
    ("lanzada", Some(Released)),
    ("fue lanzado", Some(Released)),
    ("ya está disponible", Some(Released)),
    ("está disponible", Some(Released)),
    ("liberó", Some(Released)),
    ("estrenó", Some(Released)),
    ("llegó", Some(Released)),
    ("puso a disposición", Some(Released)),
    ("estão disponíveis", Some(Released)),
    ("están disponibles", Some(Released)),
    ("open-sourced", Some(Released)),
    // Expected (future).
    ("will release", Some(Expected)),
    ("will launch", Some(Expected)),
    ("will be released", Some(Expected)),
    ("will be launched", Some(Expected)),
    ("will debut", Some(Expected)),
    ("will arrive", Some(Expected)),
    ("will ship", Some(Expected)),
    ("will be available", Some(Expected)),
    ("will be unveiled", Some(Expected)),
    ("will unveil", Some(Expected)),
    ("would launch", Some(Expected)),
    ("would release", Some(Expected)),
    ("would be released", Some(Expected)),
    ("to release", Some(Expected)),
    ("to launch", Some(Expected)),
    ("plans to", Some(Expected)),
    ("planned", Some(Expected)),
    ("expected", Some(Expected)),
    ("expects", Some(Expected)),
    ("is set to", Some(Expected)),
    ("slated", Some(Expected)),
    ("scheduled", Some(Expected)),
    ("due", Some(Expected)),
    ("upcoming", Some(Expected)),
    ("on track", Some(Expected)),
    ("coming soon", Some(Expected)),
    ("poised to", Some(Expected)),
    ("aims to", Some(Expected)),
    ("lançará", Some(Expected)),
    ("lançaria", Some(Expected)),
    ("será lançado", Some(Expected)),
    ("será lançada", Some(Expected)),
    ("ser lançado", Some(Expected)),
    ("ser lançada", Some(Expected)),
    ("deve ser lançado", Some(Expected)),
    ("deve ser lançada", Some(Expected)),
    ("deve chegar", Some(Expected)),
    ("deverá", Some(Expected)),
    ("chegará", Some(Expected)),
    ("vai lançar", Some(Expected)),
    ("vai chegar", Some(Expected)),
    ("prevê", Some(Expected)),
    ("previsto", Some(Expected)),
    ("prevista", Some(Expected)),
    ("planeja", Some(Expected)),
    ("pretende", Some(Expected)),
    ("espera", Some(Expected)),
    ("esperado", Some(Expected)),
    ("esperada", Some(Expected)),
    ("será revelado", Some(Expected)),
    ("será apresentado", Some(Expected)),
    ("será disponibilizado", Some(Expected)),
    ("estará disponível", Some(Expected)),
    ("programado", Some(Expected)),
    ("programada", Some(Expected)),
    ("lanzará", Some(Expected)),
    ("lanzaría", Some(Expected)),
    ("será lanzado", Some(Expected)),
    ("será lanzada", Some(Expected)),
    ("ser lanzado", Some(Expected)),
    ("va a lanzar", Some(Expected)),
    ("planea", Some(Expected)),
    ("prevé", Some(Expected)),
    ("se espera", Some(Expected)),
    ("llegará", Some(Expected)),
    ("estará disponible", Some(Expected)),
    ("tiene previsto", Some(Expected)),
    ("saldrá", Some(Expected)),
    ("se lanzará", Some(Expected)),
    ("presentará", Some(Expected)),
    ("debería", Some(Expected)),
    ("will get access", Some(Expected)),
    ("will have access", Some(Expected)),
    ("terão acesso", Some(Expected)),
    ("tendrán acceso", Some(Expected)),
    ("will follow", Some(Expected)),
    ("would follow", Some(Expected)),
    ("will be open-sourced", Some(Expected)),
    ("would be open-sourced", Some(Expected)),
    ("esperam", Some(Expected)),
    ("esperan", Some(Expected)),
    ("serão lançados", Some(Expected)),
    ("serão lançadas", Some(Expected)),
    ("serán lanzados", Some(Expected)),
    ("serán lanzadas", Some(Expected)),
    // Announced (past).
    ("announced", Some(Announced)),
    ("announces", Some(Announced)),
    ("unveiled", Some(Announced)),
    ("unveils", Some(Announced)),
    ("introduced", Some(Announced)),
    ("introduces", Some(Announced)),
    ("revealed", Some(Announced)),
    ("confirmed", Some(Announced)),
    ("anunciou", Some(Announced)),
    ("anuncia", Some(Announced)),
    ("apresentou", Some(Announced)),
    ("revelou", Some(Announced)),
    ("confirmou", Some(Announced)),
    ("divulgou", Some(Announced)),
    ("anunció", Some(Announced)),
    ("presentó", Some(Announced)),
    ("reveló", Some(Announced)),
    ("confirmó", Some(Announced)),
    ("dio a conocer", Some(Announced)),
    // Delayed (the new window lies ahead).
    ("delayed", Some(Delayed)),
    ("delays", Some(Delayed)),
    ("postponed", Some(Delayed)),
    ("pushed back", Some(Delayed)),
    ("pushed to", Some(Delayed)),
    ("slipped", Some(Delayed)),
    ("adiado", Some(Delayed)),
    ("adiada", Some(Delayed)),
    ("adiou", Some(Delayed)),
    ("atrasado", Some(Delayed)),
    ("atrasou", Some(Delayed)),
    ("postergado", Some(Delayed)),
    ("retrasado", Some(Delayed)),
    ("retrasó", Some(Delayed)),
    ("retrasa", Some(Delayed)),
    ("aplazado", Some(Delayed)),
    ("aplazó", Some(Delayed)),
    ("pospuesto", Some(Delayed)),
    ("pospuso", Some(Delayed)),
    ("delay", Some(Delayed)),
    ("atraso", Some(Delayed)),
    ("retraso", Some(Delayed)),
    // Rumoured: attribution to unnamed sources (a sentence-wide modifier).
    ("according to sources", Some(Rumored)),
    ("according to people", Some(Rumored)),
    ("according to a person", Some(Rumored)),
    ("people familiar", Some(Rumored)),
    ("sources said", Some(Rumored)),
    ("sources say", Some(Rumored)),
    ("reportedly", Some(Rumored)),
    ("is said to", Some(Rumored)),
    ("rumored", Some(Rumored)),
    ("rumoured", Some(Rumored)),
    ("leaked", Some(Rumored)),
    ("segundo fontes", Some(Rumored)),
    ("de acordo com fontes", Some(Rumored)),
    ("fontes próximas", Some(Rumored)),
    ("fontes ouvidas", Some(Rumored)),
    ("segundo pessoas", Some(Rumored)),
    ("rumores", Some(Rumored)),
    ("supostamente", Some(Rumored)),
    ("teria", Some(Rumored)),
    ("según fuentes", Some(Rumored)),
    ("fuentes cercanas", Some(Rumored)),
    ("de acuerdo con fuentes", Some(Rumored)),
    ("según personas", Some(Rumored)),
    ("supuestamente", Some(Rumored)),
    ("se rumorea", Some(Rumored)),
    ("habría", Some(Rumored)),
    // Stoppers.
    ("due to", None),
    ("than expected", None),
    ("than planned", None),
    ("as expected", None),
    ("do que o esperado", None),
    ("chegou a ser", None),
    ("llegó a ser", None),
    ("de lo esperado", None),
    ("espera-se que", Some(Expected)),
];

/// Cues that are participles or adjectives: they carry no tense ("previsto para maio" may be
/// said before or after May), so their time phrases resolve to the nearest candidate.
const TENSELESS: &[&str] = &[
    "expected",
    "planned",
    "scheduled",
    "slated",
    "due",
    "upcoming",
    "previsto",
    "prevista",
    "esperado",
    "esperada",
    "programado",
    "programada",
];

/// The tense a cue lends to time phrases without a year (see [`TENSELESS`]).
pub fn direction(cue: &CueMention) -> Direction {
    if cue.tenseless {
        return Direction::Neutral;
    }
    match cue.kind {
        ClaimKind::Released | ClaimKind::Announced => Direction::Past,
        ClaimKind::Expected | ClaimKind::Delayed => Direction::Future,
        ClaimKind::Rumored => Direction::Neutral,
    }
}

/// A cue found in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CueMention {
    /// Byte offset.
    pub start: usize,
    /// Byte offset after the cue.
    pub end: usize,
    /// What it claims.
    pub kind: ClaimKind,
    /// The cue carries no tense (see [`TENSELESS`]).
    pub tenseless: bool,
}

/// The compiled cue table.
#[derive(Debug)]
pub struct CueFinder {
    automaton: AhoCorasick,
}

impl CueFinder {
    /// Compiles [`CUES`].
    pub fn new() -> Result<CueFinder, aho_corasick::BuildError> {
        let automaton = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            // A full DFA: at most a few hundred kB for these lists, and the fastest scan.
            .kind(Some(AhoCorasickKind::DFA))
            .match_kind(MatchKind::LeftmostLongest)
            .build(CUES.iter().map(|(p, _)| p))?;
        Ok(CueFinder { automaton })
    }

    /// Cues in `text`, in order (stoppers removed).
    pub fn find(&self, text: &str) -> Vec<CueMention> {
        self.find_from(text, self.automaton.find_iter(text))
    }

    /// The cue list, as [`super::lexicon::Lexicon`] takes it for [`Self::find_from`].
    pub(crate) fn words() -> Vec<&'static str> {
        CUES.iter().map(|(w, _)| *w).collect()
    }

    /// [`Self::find`] from leftmost-longest matches of the cue list.
    pub(crate) fn find_from(
        &self,
        text: &str,
        matches: impl IntoIterator<Item = Match>,
    ) -> Vec<CueMention> {
        matches
            .into_iter()
            .filter(|m| on_word_boundaries(text, m.start(), m.end()))
            .filter_map(|m| {
                let (word, kind) = CUES[m.pattern().as_usize()];
                Some(CueMention {
                    start: m.start(),
                    end: m.end(),
                    kind: kind?,
                    tenseless: TENSELESS.contains(&word),
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<ClaimKind> {
        CueFinder::new()
            .unwrap()
            .find(text)
            .iter()
            .map(|c| c.kind)
            .collect()
    }

    #[test]
    fn longer_cues_win() {
        assert_eq!(kinds("deve ser lançado oficialmente"), vec![Expected]);
        assert_eq!(kinds("a OpenAI lançou"), vec![Released]);
        assert_eq!(kinds("foi adiado"), vec![Delayed]);
        assert_eq!(kinds("se espera que presentará"), vec![Expected, Expected]);
    }

    #[test]
    fn stoppers_swallow_false_cues() {
        assert!(kinds("slower due to demand, better than expected").is_empty());
    }

    #[test]
    fn cues_need_whole_words() {
        assert!(kinds("the redelayedness of unreleased things").is_empty());
    }
}
