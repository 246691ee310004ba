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

/// Slots of the [`KEYS`] hash table (a power of two, about eight per word, so that a
/// multiplier placing every word in a slot of its own is quickly found).
const SLOTS: usize = 512;

/// No language: an empty slot, and the dummy counter of [`guess`]'s branch-free count.
const NONE: u8 = 3;

/// A word of up to 8 bytes packed little-endian into a `u64`, zero-padded. Words are made of
/// letters, so no byte is zero and two words of at most [`LONGEST`] bytes get the same key only
/// when they are equal: a lookup compares one integer instead of calling `memcmp`.
const fn key_of(word: &[u8]) -> u64 {
    let mut key = 0u64;
    let mut i = 0;
    while i < word.len() && i < 8 {
        key |= (word[i] as u64) << (8 * i);
        i += 1;
    }
    key
}

/// The slot of `key` under `multiplier`: the top bits of a multiplicative hash.
const fn slot_with(key: u64, multiplier: u64) -> usize {
    (key.wrapping_mul(multiplier) >> (64 - SLOTS.trailing_zeros())) as usize
}

/// The words of [`WORDS`] that can vote (at most [`LONGEST`] bytes), placed by `multiplier`,
/// or `None` when two land in one slot. A word listed twice keeps its first language, as a
/// search of the list would.
const fn place(multiplier: u64) -> Option<([u64; SLOTS], [u8; SLOTS])> {
    let mut keys = [0u64; SLOTS];
    let mut langs = [NONE; SLOTS];
    let mut i = 0;
    while i < WORDS.len() {
        let word = WORDS[i].0.as_bytes();
        if word.len() <= LONGEST {
            let key = key_of(word);
            let slot = slot_with(key, multiplier);
            if langs[slot] == NONE {
                keys[slot] = key;
                langs[slot] = WORDS[i].1 as u8;
            } else if keys[slot] != key {
                return None;
            }
        }
        i += 1;
    }
    Some((keys, langs))
}

/// The first multiplier (odd, stepping from the golden ratio's) that gives every word a slot
/// of its own, found at compile time: a lookup is one slot, no probing, so it needs no branch.
const MULTIPLIER: u64 = {
    let mut multiplier = 0x9E37_79B9_7F4A_7C15u64;
    while place(multiplier).is_none() {
        multiplier = multiplier.wrapping_add(0x2545_F491_4F6C_DD1E);
    }
    multiplier
};

/// The perfect hash table: `KEYS[slot_of(k)] == k` exactly for the keys of words that vote,
/// whose language is then `LANGS[slot_of(k)]` (empty slots hold key 0 and [`NONE`]).
const TABLE: ([u64; SLOTS], [u8; SLOTS]) = match place(MULTIPLIER) {
    Some(table) => table,
    None => panic!("MULTIPLIER places every word"),
};
const KEYS: [u64; SLOTS] = TABLE.0;
const LANGS: [u8; SLOTS] = TABLE.1;

fn slot_of(key: u64) -> usize {
    slot_with(key, MULTIPLIER)
}

/// The language index the word packed in `key`, `len` bytes long, votes for, or [`NONE`]
/// (always when `ends` is false): without branches, so a loop can ask it at every byte. Each
/// condition is a 0/1 mask; the slot's language is kept only when all three hold.
fn lang_of(key: u64, len: usize, ends: bool) -> u8 {
    let slot = slot_of(key) & (SLOTS - 1);
    let (k, lang) = (KEYS.get(slot).copied(), LANGS.get(slot).copied());
    let found = u8::from(k == Some(key));
    let short = u8::from(len.wrapping_sub(1) < LONGEST);
    let keep = (found & short & u8::from(ends)).wrapping_neg();
    NONE ^ ((NONE ^ lang.unwrap_or(NONE)) & keep)
}

/// The language [`WORDS`] gives the word packed in `key` (ASCII-lowercased, 1 to
/// [`LONGEST`] bytes).
#[cfg(test)]
fn vote_of(key: u64) -> Option<usize> {
    let lang = lang_of(key, 1, true);
    (lang != NONE).then_some(usize::from(lang))
}

/// `en`, `pt` or `es` when function words decide clearly, else `None`.
pub fn guess(text: &str) -> Option<&'static str> {
    // One counter per language and a dummy one ([`NONE`]) that takes the non-votes.
    let mut votes = [0usize; 4];
    // Words are runs of alphabetic characters; only those up to LONGEST bytes can vote, so
    // they are packed ASCII-lowercased into a key (see `key_of`) and longer runs just counted.
    let mut key = 0u64;
    let mut len = 0usize;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii() {
            // ASCII (most bytes), without a branch on letter or not: word ends are too
            // irregular to predict. A letter extends the key (bytes past the eighth land on
            // earlier ones, but such a word never votes) and counts on the dummy; anything
            // else counts the word so far and starts a new one.
            let letter = b.is_ascii_alphabetic();
            // Looked up at every byte and ignored for letters, by masks rather than branches.
            let lang = lang_of(key, len, !letter);
            votes[usize::from(lang & 3)] += 1;
            let extended = key | u64::from(b | 0x20) << ((8 * len) & 63);
            key = if letter { extended } else { 0 };
            len = if letter { len + 1 } else { 0 };
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
            // A character that would not fit whole in LONGEST bytes makes the word too long
            // to vote, so only whole characters are packed.
            if len + width <= LONGEST
                && let Some(src) = bytes.get(i..i + width)
            {
                for (j, &byte) in src.iter().enumerate() {
                    key |= u64::from(byte) << (8 * (len + j));
                }
            }
            len += width;
        } else {
            votes[usize::from(lang_of(key, len, true) & 3)] += 1;
            key = 0;
            len = 0;
        }
        i += width;
    }
    votes[usize::from(lang_of(key, len, true) & 3)] += 1;
    let mut ranked = [(votes[0], "en"), (votes[1], "pt"), (votes[2], "es")];
    ranked.sort_by_key(|r| std::cmp::Reverse(r.0));
    let (best, lang) = ranked[0];
    (best >= MIN_VOTES && best >= 2 * ranked[1].0).then_some(lang)
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
            assert_eq!(vote_of(key_of(word.as_bytes())), Some(*lang), "{word}");
            // The same word in capitals, as `guess` packs it, votes the same.
            let text = format!("{} ", word.to_ascii_uppercase()).repeat(MIN_VOTES);
            assert_eq!(
                guess(&text),
                Some(["en", "pt", "es"][*lang]),
                "{word} in capitals"
            );
        }
        assert_eq!(vote_of(key_of(b"thee")), None);
        assert_eq!(vote_of(key_of(b"x")), None);
    }

    /// The vote as it was before words were packed into integer keys: a byte buffer compared
    /// with each candidate word.
    fn reference_guess(text: &str) -> Option<&'static str> {
        let mut votes = [0usize; 3];
        let words: Vec<String> = text
            .split(|c: char| !c.is_alphabetic())
            .map(|w| {
                w.chars()
                    .map(|c| {
                        if c.is_ascii() {
                            c.to_ascii_lowercase()
                        } else {
                            c
                        }
                    })
                    .collect()
            })
            .collect();
        for word in words.iter().filter(|w| !w.is_empty() && w.len() <= LONGEST) {
            if let Some((_, lang)) = WORDS.iter().find(|(w, _)| w == word) {
                votes[*lang] += 1;
            }
        }
        let mut ranked = [(votes[0], "en"), (votes[1], "pt"), (votes[2], "es")];
        ranked.sort_by_key(|r| std::cmp::Reverse(r.0));
        let (best, lang) = ranked[0];
        (best >= MIN_VOTES && best >= 2 * ranked[1].0).then_some(lang)
    }

    /// Packed keys vote exactly as comparing words did, on the corpus (every prefix of each
    /// file's start, so the vote is also checked while undecided) and on words at the length
    /// limit.
    #[test]
    fn packed_keys_vote_as_word_comparison_did() {
        let mut texts = crate::extract::corpus_files();
        texts.extend(
            [
                "também TAMBÉM também también tambéms Também é É é à às ÀS são SÃO",
                "the the the theee thé the× the÷ the÷the ÿthe Ωthe the",
                "não não não nãoo xnão no no no NO nO el el el el ǅel ΣΣ 🌀el el",
                "será será seráá será será, pelas pelas PELAS pelass",
            ]
            .map(String::from),
        );
        let mut decided = 0;
        for text in &texts {
            // The extractor votes on at most 512 bytes.
            let cuts = text.char_indices().map(|(i, _)| i).chain([text.len()]);
            for cut in cuts.filter(|&c| c <= 600) {
                let prefix = &text[..cut];
                assert_eq!(guess(prefix), reference_guess(prefix), "{prefix}");
                decided += usize::from(guess(prefix).is_some());
            }
        }
        assert!(decided > 1000, "{decided}");
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
