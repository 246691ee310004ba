//! A cheap first guess at en/pt/es from function words, before the statistical detector.
//!
//! Short news items in the three languages we read are told apart reliably by their most common
//! function words, at a fraction of the cost of trigram detection. The vote is used only when it
//! is decisive; otherwise the caller asks whatlang.

/// Function words that (mostly) belong to one language.
const WORDS: &[(&str, usize)] = &[
    ("the", 0),
    ("and", 0),
    ("of", 0),
    ("to", 0),
    ("is", 0),
    ("with", 0),
    ("that", 0),
    ("for", 0),
    ("its", 0),
    ("will", 0),
    ("has", 0),
    ("was", 0),
    ("which", 0),
    ("it", 0),
    ("não", 1),
    ("uma", 1),
    ("com", 1),
    ("os", 1),
    ("das", 1),
    ("dos", 1),
    ("ao", 1),
    ("também", 1),
    ("é", 1),
    ("em", 1),
    ("seu", 1),
    ("sua", 1),
    ("pela", 1),
    ("pelo", 1),
    ("no", 1),
    ("na", 1),
    ("foi", 1),
    ("será", 1),
    ("ainda", 1),
    ("mais", 1),
    ("já", 1),
    ("nesta", 1),
    ("neste", 1),
    ("às", 1),
    ("são", 1),
    ("seus", 1),
    ("suas", 1),
    ("pelos", 1),
    ("pelas", 1),
    ("el", 2),
    ("los", 2),
    ("las", 2),
    ("del", 2),
    ("y", 2),
    ("una", 2),
    ("con", 2),
    ("es", 2),
    ("por", 2),
    ("su", 2),
    ("más", 2),
    ("fue", 2),
    ("según", 2),
    ("también", 2),
    ("lo", 2),
    ("al", 2),
    ("sus", 2),
    ("este", 2),
];

/// Votes needed, and the lead over the runner-up, for the guess to count.
const MIN_VOTES: usize = 4;

/// Longest function word, in bytes ("também").
const LONGEST: usize = 7;

/// Slots of the [`INDEX`] hash table (a power of two, well above `WORDS.len()`).
const SLOTS: usize = 256;

/// Where to start looking for a word: its length and first and last bytes, which already tell
/// nearly all function words apart.
const fn slot_of(word: &[u8]) -> usize {
    let (first, last) = (word[0] as usize, word[word.len() - 1] as usize);
    (word.len() * 97 + first * 31 + last * 7) % SLOTS
}

/// Open-addressing table over [`WORDS`]: `INDEX[s]` is 1 + the index of a word, or 0 for an
/// empty slot. Built at compile time; a lookup probes from [`slot_of`] to the first empty slot.
const INDEX: [u8; SLOTS] = {
    let mut index = [0u8; SLOTS];
    let mut i = 0;
    while i < WORDS.len() {
        let mut slot = slot_of(WORDS[i].0.as_bytes());
        while index[slot] != 0 {
            slot = (slot + 1) % SLOTS;
        }
        index[slot] = (i + 1) as u8;
        i += 1;
    }
    index
};

/// The language [`WORDS`] gives `word` (already ASCII-lowercased, not empty).
fn vote_of(word: &[u8]) -> Option<usize> {
    let mut slot = slot_of(word);
    loop {
        let entry = *INDEX.get(slot)?;
        let (w, lang) = *WORDS.get(usize::from(entry).checked_sub(1)?)?;
        if w.as_bytes() == word {
            return Some(lang);
        }
        slot = (slot + 1) % SLOTS;
    }
}

/// `en`, `pt` or `es` when function words decide clearly, else `None`.
pub fn guess(text: &str) -> Option<&'static str> {
    let mut votes = [0usize; 3];
    // Words are runs of alphabetic characters; only those up to LONGEST bytes can vote, so
    // they are copied ASCII-lowercased into a small buffer and longer runs are just skipped.
    let mut word = [0u8; LONGEST];
    let mut len = 0usize;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii_alphabetic() {
            // ASCII letters (most bytes): no char decoding, one copy at most.
            if let Some(slot) = word.get_mut(len) {
                *slot = b | 0x20;
            }
            len += 1;
            i += 1;
            continue;
        }
        if b.is_ascii() {
            vote(&word, len, &mut votes);
            len = 0;
            i += 1;
            continue;
        }
        // U+00C0..U+00FF (C3 xx) are all letters but × (C3 97) and ÷ (C3 B7): most non-ASCII
        // letters of pt and es need no decoding. Otherwise `i` only advances by whole
        // characters, so it is a char boundary here.
        let latin1 = b == 0xC3 && bytes.get(i + 1).is_some_and(|&s| s != 0x97 && s != 0xB7);
        let c = if latin1 {
            None
        } else {
            text.get(i..).and_then(|rest| rest.chars().next())
        };
        let width = if latin1 {
            2
        } else {
            c.map_or(1, char::len_utf8)
        };
        if latin1 || c.is_some_and(char::is_alphabetic) {
            if let Some(dest) = word.get_mut(len..len + width)
                && let Some(src) = bytes.get(i..i + width)
            {
                dest.copy_from_slice(src);
            }
            len += width;
        } else {
            vote(&word, len, &mut votes);
            len = 0;
        }
        i += width;
    }
    vote(&word, len, &mut votes);
    let mut ranked = [(votes[0], "en"), (votes[1], "pt"), (votes[2], "es")];
    ranked.sort_by_key(|r| std::cmp::Reverse(r.0));
    let (best, lang) = ranked[0];
    (best >= MIN_VOTES && best >= 2 * ranked[1].0).then_some(lang)
}

/// Counts the vote of the word in `word[..len]` (nothing when it is longer than [`LONGEST`]).
fn vote(word: &[u8; LONGEST], len: usize, votes: &mut [usize; 3]) {
    if let Some(lang) = word.get(..len).filter(|w| !w.is_empty()).and_then(vote_of) {
        votes[lang] += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn function_words_decide_the_three_languages() {
        assert_eq!(
            guess("The company said that the model will ship with tools for developers."),
            Some("en")
        );
        assert_eq!(
            guess("A empresa disse que o modelo não será lançado com uma versão para os usuários."),
            Some("pt")
        );
        assert_eq!(
            guess(
                "La empresa dijo que el modelo se lanzará con una versión para los usuarios y más."
            ),
            Some("es")
        );
    }

    #[test]
    fn every_function_word_is_found_in_any_ascii_case() {
        // "también" is 8 bytes: longer than any word that votes (kept so as not to change votes).
        for (word, lang) in WORDS.iter().filter(|(w, _)| w.len() <= LONGEST) {
            assert_eq!(vote_of(word.as_bytes()), Some(*lang), "{word}");
            let upper = word.to_ascii_uppercase();
            let mut buf = [0u8; LONGEST];
            buf[..upper.len()].copy_from_slice(upper.as_bytes());
            buf.iter_mut().for_each(|b| *b = b.to_ascii_lowercase());
            assert_eq!(vote_of(&buf[..upper.len()]), Some(*lang), "{word}");
        }
        assert_eq!(vote_of(b"thee"), None);
        assert_eq!(vote_of(b"x"), None);
    }

    #[test]
    fn too_little_text_or_other_languages_are_left_undecided() {
        assert_eq!(guess("GPT-5"), None);
        assert_eq!(
            guess("Das Unternehmen sagte, das neue Modell werde verfügbar sein."),
            None
        );
    }
}
