//! Near-duplicate detection: a 64-bit simhash over words and word pairs.
//!
//! Each word and each pair of consecutive words (lowercased) votes on every bit; the fingerprint keeps
//! the majority. The same wire story lightly edited by another outlet lands within a few bits,
//! unrelated stories around 32 bits apart.

/// Fingerprints at or below this Hamming distance are the same story.
pub const NEAR_DUPLICATE_BITS: u32 = 3;

/// FNV-1a's starting state.
const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// One FNV-1a step: stable across runs and platforms, so stored fingerprints stay comparable.
fn fnv(h: u64, byte: u8) -> u64 {
    (h ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
}

/// For each ASCII byte: itself lowercased if it is alphanumeric, else 0.
const ASCII_WORD: [u8; 128] = {
    let mut table = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        if c.is_ascii_alphanumeric() {
            table[b] = c.to_ascii_lowercase();
        }
        b += 1;
    }
    table
};

/// Calls `emit` with the hash of each word of `text` (runs of alphanumeric characters, hashed
/// lowercased), in order, without allocating: ASCII bytes (most of them) and Latin-1 letters
/// (most of the rest in pt and es) skip char decoding and Unicode case mapping.
fn for_each_word_hash(text: &str, mut emit: impl FnMut(u64)) {
    let bytes = text.as_bytes();
    let mut h = FNV_OFFSET;
    let mut in_word = false;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let (alphanumeric, len) = if b.is_ascii() {
            let lower = ASCII_WORD[usize::from(b)];
            if lower != 0 {
                h = fnv(h, lower);
            }
            (lower != 0, 1)
        } else if let Some(&second) = bytes.get(i + 1).filter(|_| b == 0xC3)
            && second != 0x97
            && second != 0xB7
        {
            // U+00C0..U+00FF are all letters but × (C3 97) and ÷ (C3 B7); the capitals
            // U+00C0..U+00DE lowercase to the character 0x20 above, ß and the rest to themselves.
            let lower = if second <= 0x9E {
                second + 0x20
            } else {
                second
            };
            h = fnv(fnv(h, 0xC3), lower);
            (true, 2)
        } else {
            // `i` is always a char boundary: it only advances by whole characters.
            let c = text.get(i..).and_then(|s| s.chars().next()).unwrap_or('\0');
            if c.is_alphanumeric() {
                for lower in c.to_lowercase() {
                    let mut buf = [0u8; 4];
                    for &byte in lower.encode_utf8(&mut buf).as_bytes() {
                        h = fnv(h, byte);
                    }
                }
            }
            (c.is_alphanumeric(), c.len_utf8())
        };
        if alphanumeric {
            in_word = true;
        } else if in_word {
            emit(h);
            h = FNV_OFFSET;
            in_word = false;
        }
        i += len;
    }
    if in_word {
        emit(h);
    }
}

/// SplitMix64's finaliser: spreads a combined shingle hash over all bits.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Per-bit counts of set bits over many features, as bit-sliced counters: adding a feature is
/// a branch-free ripple-carry add of its 64 bits into eight 64-bit planes.
struct Tally {
    /// Bit `b` of `planes[l]` is bit `l` of the count of features with bit `b` set since the
    /// last flush; flushed before a count can reach 256.
    planes: [u64; 8],
    pending: u32,
    ones: [u32; 64],
    features: u32,
}

impl Tally {
    fn new() -> Tally {
        Tally {
            planes: [0; 8],
            pending: 0,
            ones: [0; 64],
            features: 0,
        }
    }

    fn add(&mut self, feature: u64) {
        // Always all eight planes: stopping when nothing carries saves work but mispredicts.
        let mut carry = feature;
        for plane in &mut self.planes {
            let next = *plane & carry;
            *plane ^= carry;
            carry = next;
        }
        self.features += 1;
        self.pending += 1;
        if self.pending == 255 {
            self.flush();
        }
    }

    fn flush(&mut self) {
        for (level, plane) in self.planes.iter_mut().enumerate() {
            let mut bits = *plane;
            while bits != 0 {
                let bit = bits.trailing_zeros() as usize;
                if let Some(ones) = self.ones.get_mut(bit) {
                    *ones += 1 << level;
                }
                bits &= bits - 1;
            }
            *plane = 0;
        }
        self.pending = 0;
    }

    /// The majority of each bit: set when more features had it set than clear.
    fn majority(mut self) -> u64 {
        if self.pending == self.features {
            // Never flushed (fewer than 255 features: any item but a long one), so the planes
            // hold the whole counts and all 64 can be compared with half the features at once.
            return self.planes_above(self.features / 2);
        }
        self.flush();
        let features = u64::from(self.features);
        self.ones
            .iter()
            .enumerate()
            .fold(0u64, |acc, (bit, &ones)| {
                if 2 * u64::from(ones) > features {
                    acc | 1 << bit
                } else {
                    acc
                }
            })
    }
}

impl Tally {
    /// The bits whose count in the planes is above `threshold` (below 256): a bit-sliced
    /// comparison from the highest plane down, instead of unpacking 64 counts. `2·c > n` is
    /// `c > ⌊n/2⌋` for whole numbers, so `majority` passes half the features, rounded down.
    fn planes_above(&self, threshold: u32) -> u64 {
        let mut above = 0u64;
        let mut equal = u64::MAX;
        for (level, &plane) in self.planes.iter().enumerate().rev() {
            let bit = if threshold >> level & 1 == 1 {
                u64::MAX
            } else {
                0
            };
            above |= equal & plane & !bit;
            equal &= !(plane ^ bit);
        }
        above
    }
}

/// The simhash of `text`.
pub fn simhash(text: &str) -> u64 {
    let mut tally = Tally::new();
    let mut previous: Option<u64> = None;
    for_each_word_hash(text, |word| {
        // Single words and word pairs both vote: pairs keep word order, single words keep a
        // short text's fingerprint steady when an outlet adds a byline or a sentence.
        tally.add(mix(word));
        if let Some(before) = previous {
            tally.add(mix(before ^ word.rotate_left(29)));
        }
        previous = Some(word);
    });
    tally.majority()
}

/// Whether two fingerprints are the same story (see [`NEAR_DUPLICATE_BITS`]).
pub fn near_duplicate(a: u64, b: u64) -> bool {
    (a ^ b).count_ones() <= NEAR_DUPLICATE_BITS
}

#[cfg(test)]
mod tests {
    use super::*;

    const STORY: &str = "Microsoft engineers are racing to prepare server capacity for OpenAI's \
        upcoming GPT-4.5 and GPT-5 models. OpenAI chief executive Sam Altman said GPT-4.5 would \
        ship within weeks, while Microsoft expects to host the new model as early as next week. \
        GPT-5, which folds in the o3 reasoning model, is planned for late May, according to \
        people familiar with the plans. The company had originally targeted the end of 2024 \
        before pushing the flagship into early 2025 over technical bottlenecks. Analysts said \
        the early server build-out shows how much demand for AI computing power is growing \
        among the largest technology companies, and that Microsoft's Azure clusters remain the \
        backbone of OpenAI's training and inference work. The partnership, renegotiated last \
        month, lets OpenAI buy capacity from other clouds when Microsoft cannot supply it, but \
        Microsoft keeps a right of first refusal on new contracts. People close to both companies \
        said the arrangement had worked smoothly so far, even as OpenAI courts Oracle and \
        SoftBank for its Stargate data centre project in Texas, which is meant to reach several \
        gigawatts of power over the next four years and to host hundreds of thousands of chips.";

    #[test]
    fn a_lightly_edited_copy_is_a_near_duplicate() {
        let edited = format!("{STORY} (Reporting by Jane Doe; editing by John Roe)");
        let retitled = STORY.replace("are racing", "race");
        let a = simhash(STORY);
        assert!(
            near_duplicate(a, simhash(&edited)),
            "{}",
            (a ^ simhash(&edited)).count_ones()
        );
        assert!(
            near_duplicate(a, simhash(&retitled)),
            "{}",
            (a ^ simhash(&retitled)).count_ones()
        );
        assert!(near_duplicate(a, simhash(&STORY.to_uppercase())));
    }

    /// The FNV-1a word hash and ±1 voting this module used before the lane counters: the
    /// fingerprints must not change, or stored ones would stop matching new ones.
    fn reference_simhash(text: &str) -> u64 {
        let mut votes = [0i64; 64];
        let mut previous: Option<u64> = None;
        for word in text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
        {
            let mut h = FNV_OFFSET;
            for c in word.chars().flat_map(char::to_lowercase) {
                let mut buf = [0u8; 4];
                for &b in c.encode_utf8(&mut buf).as_bytes() {
                    h = fnv(h, b);
                }
            }
            let mut features = vec![mix(h)];
            if let Some(before) = previous {
                features.push(mix(before ^ h.rotate_left(29)));
            }
            previous = Some(h);
            for f in features {
                for (bit, v) in votes.iter_mut().enumerate() {
                    *v += if f >> bit & 1 == 1 { 1 } else { -1 };
                }
            }
        }
        (0..64)
            .filter(|&b| votes[b] > 0)
            .fold(0, |acc, b| acc | 1 << b)
    }

    #[test]
    fn lane_counting_matches_plain_voting() {
        let long = STORY.repeat(40); // more than 255 features, so lanes are flushed midway
        for text in [
            STORY,
            long.as_str(),
            "",
            "Ação ÉPOCA İstanbul ǅx ß Σσ 🌀 a-b",
            "x",
        ] {
            assert_eq!(simhash(text), reference_simhash(text), "{text:.40}");
        }
        // Every length from no feature to past the first flush (255 features), so both ways of
        // taking the majority, and ties, are compared with plain voting.
        let words: Vec<&str> = long.split_whitespace().collect();
        for n in 0..200 {
            let text = words[..n].join(" ");
            assert_eq!(simhash(&text), reference_simhash(&text), "{n} words");
        }
        for text in crate::extract::corpus_files() {
            assert_eq!(simhash(&text), reference_simhash(&text), "{text:.40}");
        }
    }

    #[test]
    fn different_stories_are_far_apart() {
        let other = "Anthropic released Claude 3.7 Sonnet on Monday with a hybrid reasoning mode \
            and a command line coding agent, available to all paid plans and through Amazon \
            Bedrock and Google Cloud Vertex AI from today.";
        assert!((simhash(STORY) ^ simhash(other)).count_ones() > 10);
    }
}
