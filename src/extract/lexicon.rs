//! One Aho-Corasick pass for several word lists (aliases, non-models, providers, cues).
//!
//! Each list used to be scanned by its own leftmost-longest automaton, one pass over the item
//! per list. Here one automaton holds every list and reports all overlapping matches; each
//! list's leftmost-longest, non-overlapping matches are then rebuilt from them, exactly as its
//! own automaton would have found them: from the end of the previous match, the earliest start,
//! then the longest match there, then the pattern added first.
//!
//! The automaton is built from the ASCII-lowercased words and run over the ASCII-lowercased
//! text: byte for byte the same matches as an ASCII case-insensitive automaton (that is what
//! ASCII case-insensitivity means, and lowercasing keeps every byte offset), but a capital and
//! its small letter no longer need separate byte classes, which halves the DFA (1 MB → 0.5 MB).
//!
//! The walk is bound by latency: each state is loaded from the one before. So a text of some
//! length is walked as two halves at once, two independent chains of loads (see
//! [`Lexicon::overlapping`]); which matches are found does not depend on the order they are
//! found in, since each list is sorted before its leftmost-longest matches are picked.

use aho_corasick::automaton::Automaton;
use aho_corasick::dfa::DFA;
use aho_corasick::{Anchored, Match, MatchKind, PatternID, StartKind};

/// Texts shorter than this many bytes beyond twice the longest word are walked in one chain:
/// the second chain re-reads up to a word's length before the middle, not worth it there.
const SPLIT_MARGIN: usize = 64;

/// Several word lists compiled into one automaton (ASCII case-insensitive, like the lists').
#[derive(Debug)]
pub struct Lexicon {
    /// Case-sensitive over lowercased words; standard (overlapping) semantics.
    automaton: DFA,
    /// For each pattern of the automaton: its list and its index in that list.
    origin: Vec<(usize, usize)>,
    lists: usize,
}

impl Lexicon {
    /// Compiles `lists`; matches are reported per list, with pattern ids local to the list.
    pub fn new<'a>(
        lists: impl IntoIterator<Item = Vec<&'a str>>,
    ) -> Result<Lexicon, aho_corasick::BuildError> {
        let mut patterns = Vec::new();
        let mut origin = Vec::new();
        let mut count = 0;
        for (list, words) in lists.into_iter().enumerate() {
            for (index, word) in words.into_iter().enumerate() {
                patterns.push(word.to_ascii_lowercase());
                origin.push((list, index));
            }
            count = list + 1;
        }
        let automaton = DFA::builder()
            // Case-sensitive over lowercased patterns and text (see the module docs).
            // Overlapping search needs standard semantics; leftmost-longest is rebuilt below.
            .match_kind(MatchKind::Standard)
            .start_kind(StartKind::Unanchored)
            // The walk below never skips ahead, so a prefilter would only make the start
            // state special.
            .prefilter(false)
            .build(&patterns)?;
        Ok(Lexicon {
            automaton,
            origin,
            lists: count,
        })
    }

    /// Calls `emit` with every overlapping match of the automaton in `lowered` (pattern, start,
    /// end), in no particular order; what `find_overlapping_iter` of the same automaton finds.
    ///
    /// Past a few words' length the text is walked as two chains in one loop: the first from
    /// the start to the middle, reporting every match that ends there or before; the second
    /// from a word's length (less one byte) before the middle to the end, reporting only
    /// matches that end after the middle. A walk started at `p` finds every match starting at
    /// `p` or later, and a match ending after the middle starts after `middle - longest`, so
    /// each match is reported exactly once.
    fn overlapping(&self, lowered: &[u8], mut emit: impl FnMut(PatternID, usize, usize)) {
        let longest = self.automaton.max_pattern_len().max(1);
        let middle = if lowered.len() >= 2 * longest + SPLIT_MARGIN {
            lowered.len() / 2
        } else {
            lowered.len()
        };
        self.overlapping_split(lowered, middle, &mut emit);
    }

    /// [`Self::overlapping`] with the middle given (`middle == lowered.len()`: one chain). For
    /// a second chain `middle` must be at least the longest word's length.
    fn overlapping_split(
        &self,
        lowered: &[u8],
        middle: usize,
        emit: &mut impl FnMut(PatternID, usize, usize),
    ) {
        let dfa = &self.automaton;
        // The DFA is built with an unanchored start state, so this cannot fail; without one
        // there is nothing to walk.
        let Ok(start) = dfa.start_state(Anchored::No) else {
            return;
        };
        let first = lowered.get(..middle).unwrap_or_default();
        let second_from = (middle + 1).saturating_sub(dfa.max_pattern_len().max(1));
        let second = lowered.get(second_from..).unwrap_or_default();
        let second = if middle < lowered.len() { second } else { &[] };
        // Match states are special; start states are not (no prefilter), so a special state
        // is a match state (standard semantics have no dead state). One compare per state
        // keeps the loops tight; matches are rare and reported out of line.
        let special = |sid| dfa.is_special(sid);
        let (mut a, mut b) = (start, start);
        let both = first.len().min(second.len());
        for (i, (&x, &y)) in first.iter().zip(second).enumerate() {
            a = dfa.next_state(Anchored::No, a, x);
            b = dfa.next_state(Anchored::No, b, y);
            if special(a) || special(b) {
                self.report(a, i + 1, 0, emit);
                self.report(b, second_from + i + 1, middle, emit);
            }
        }
        for (i, &x) in first.iter().enumerate().skip(both) {
            a = dfa.next_state(Anchored::No, a, x);
            if special(a) {
                self.report(a, i + 1, 0, emit);
            }
        }
        for (i, &y) in second.iter().enumerate().skip(both) {
            b = dfa.next_state(Anchored::No, b, y);
            if special(b) {
                self.report(b, second_from + i + 1, middle, emit);
            }
        }
    }

    /// Emits the matches of state `sid` entered at byte `end`, if it is a match state and
    /// `end` is past `after`.
    #[inline(never)]
    fn report(
        &self,
        sid: aho_corasick::automaton::StateID,
        end: usize,
        after: usize,
        emit: &mut impl FnMut(PatternID, usize, usize),
    ) {
        let dfa = &self.automaton;
        if end > after && dfa.is_special(sid) && dfa.is_match(sid) {
            for index in 0..dfa.match_len(sid) {
                let pattern = dfa.match_pattern(sid, index);
                emit(pattern, end - dfa.pattern_len(pattern), end);
            }
        }
    }

    /// Each list's leftmost-longest, non-overlapping matches in `text`, in order.
    pub fn find(&self, text: &str) -> Vec<Vec<Match>> {
        // A short item has a few matches per list: one allocation each, no regrowth.
        let mut all: Vec<Vec<Match>> = (0..self.lists).map(|_| Vec::with_capacity(16)).collect();
        // Lowercasing keeps every byte offset, so the matches' spans are spans of `text`.
        let lowered = text.to_ascii_lowercase();
        self.overlapping(lowered.as_bytes(), |pattern, start, end| {
            if let Some(&(list, index)) = self.origin.get(pattern.as_usize())
                && let Some(found) = all.get_mut(list)
            {
                found.push(Match::must(index, start..end));
            }
        });
        for found in &mut all {
            found.sort_unstable_by_key(|m| {
                (
                    m.start(),
                    std::cmp::Reverse(m.end()),
                    m.pattern().as_usize(),
                )
            });
            let mut cursor = 0;
            found.retain(|m| {
                let keep = m.start() >= cursor;
                if keep {
                    cursor = m.end();
                }
                keep
            });
        }
        all
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aho_corasick::{AhoCorasick, AhoCorasickKind};

    /// What a list's own leftmost-longest automaton finds.
    fn alone(words: &[&str], text: &str) -> Vec<Match> {
        AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .build(words)
            .unwrap()
            .find_iter(text)
            .collect()
    }

    /// The overlapping matches of an ASCII case-insensitive automaton over the original words
    /// and text, sorted: what the lowercased two-chain walk must reproduce.
    fn case_insensitive(words: &[&str], text: &str) -> Vec<(usize, usize, usize)> {
        let mut found: Vec<_> = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .kind(Some(AhoCorasickKind::DFA))
            .build(words)
            .unwrap()
            .find_overlapping_iter(text)
            .map(|m| (m.pattern().as_usize(), m.start(), m.end()))
            .collect();
        found.sort_unstable();
        found
    }

    /// What the walk reports with the middle at `middle`, sorted.
    fn walked(lexicon: &Lexicon, text: &str, middle: Option<usize>) -> Vec<(usize, usize, usize)> {
        let lowered = text.to_ascii_lowercase();
        let mut found = Vec::new();
        let mut emit = |p: PatternID, start, end| found.push((p.as_usize(), start, end));
        match middle {
            Some(middle) => lexicon.overlapping_split(lowered.as_bytes(), middle, &mut emit),
            None => lexicon.overlapping(lowered.as_bytes(), emit),
        }
        found.sort_unstable();
        found
    }

    /// The lowercased automaton, walked in one or two chains over lowercased text, finds
    /// exactly the overlapping matches of the case-insensitive one over the text: on the corpus
    /// in three casings, on mixed-case and non-ASCII words (whose bytes lowercasing leaves
    /// alone), and with the middle put anywhere a word's length from the start.
    #[test]
    fn lowercased_two_chain_walk_matches_the_case_insensitive_scan() {
        let extractor = crate::extract::Extractor::new(crate::extract::Catalog::embedded());
        let words: Vec<&str> = extractor.lexicon_words().into_iter().flatten().collect();
        let lexicon = Lexicon::new([words.clone()]).unwrap();
        let longest = lexicon.automaton.max_pattern_len();
        let mut texts = crate::extract::corpus_files();
        texts.push("LANÇOU o GPT-4.5; Lançará ÁÉ a Stargate, 5 GW, São Paulo, DÓLARES".into());
        let upper: Vec<String> = texts.iter().map(|t| t.to_ascii_uppercase()).collect();
        let lower: Vec<String> = texts.iter().map(|t| t.to_ascii_lowercase()).collect();
        let (mut checked, mut split) = (0, 0);
        for (n, text) in texts.iter().chain(&upper).chain(&lower).enumerate() {
            let expected = case_insensitive(&words, text);
            assert_eq!(walked(&lexicon, text, None), expected, "{text:.60}");
            split += usize::from(text.len() >= 2 * longest + SPLIT_MARGIN);
            // Every middle for one text, every 13th for the others.
            let step = if n == 0 { 1 } else { 13 };
            for middle in (longest..=text.len()).step_by(step) {
                let found = walked(&lexicon, text, Some(middle));
                assert_eq!(found, expected, "middle {middle} of {text:.60}");
            }
            checked += expected.len();
        }
        assert!(
            checked > 1000 && split > 50,
            "{checked} matches, {split} split"
        );
    }

    #[test]
    fn each_list_gets_what_its_own_automaton_would_find() {
        let a = ["GPT-4", "GPT-4.5", "gpt", "o3", "O3", "o3-mini", "4.5 and"];
        let b = ["due", "due to", "to", "expected", "than expected", "o"];
        let text = "GPT-4.5 and gpt-4 due to O3-mini, o3 than expected; gpt-4.5 and o";
        let lexicon = Lexicon::new([a.to_vec(), b.to_vec()]).unwrap();
        let found = lexicon.find(text);
        assert_eq!(found, vec![alone(&a, text), alone(&b, text)]);
        assert!(!found[0].is_empty() && !found[1].is_empty());
    }
}
