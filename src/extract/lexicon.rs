//! One Aho-Corasick pass for several word lists (aliases, non-models, providers, cues).
//!
//! Each list used to be scanned by its own leftmost-longest automaton, one pass over the item
//! per list. Here one automaton holds every list and reports all overlapping matches; each
//! list's leftmost-longest, non-overlapping matches are then rebuilt from them, exactly as its
//! own automaton would have found them: from the end of the previous match, the earliest start,
//! then the longest match there, then the pattern added first.

use aho_corasick::{AhoCorasick, AhoCorasickKind, Match, MatchKind};

/// Several word lists compiled into one automaton (ASCII case-insensitive, like the lists').
#[derive(Debug)]
pub struct Lexicon {
    automaton: AhoCorasick,
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
                patterns.push(word);
                origin.push((list, index));
            }
            count = list + 1;
        }
        let automaton = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            // Overlapping search needs standard semantics; leftmost-longest is rebuilt below.
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::DFA))
            .build(&patterns)?;
        Ok(Lexicon {
            automaton,
            origin,
            lists: count,
        })
    }

    /// Each list's leftmost-longest, non-overlapping matches in `text`, in order.
    pub fn find(&self, text: &str) -> Vec<Vec<Match>> {
        // A short item has a few matches per list: one allocation each, no regrowth.
        let mut all: Vec<Vec<Match>> = (0..self.lists).map(|_| Vec::with_capacity(16)).collect();
        for m in self.automaton.find_overlapping_iter(text) {
            if let Some(&(list, index)) = self.origin.get(m.pattern().as_usize())
                && let Some(found) = all.get_mut(list)
            {
                found.push(Match::must(index, m.span()));
            }
        }
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
