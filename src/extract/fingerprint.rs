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

/// Word hashes gathered before they are handed on, so the byte loop has no call in it.
const BATCH: usize = 64;

/// Texts shorter than this are walked in one piece (see [`simhash`]).
const SPLIT_FROM: usize = 64;

/// A walk over `text[at..end]` hashing words (runs of alphanumeric characters, hashed
/// lowercased) into a batch: ASCII bytes (most of them) and Latin-1 letters (most of the rest
/// in pt and es) skip char decoding and Unicode case mapping.
///
/// ASCII bytes take no branch on where words end (too irregular to predict): every byte steps
/// the hash or, outside a word, resets it, and the hash so far is always written to the next
/// slot of the batch, which only a word's end moves on to.
struct Walk {
    at: usize,
    end: usize,
    h: u64,
    in_word: bool,
    batch: [u64; BATCH],
    done: usize,
}

impl Walk {
    fn new(at: usize, end: usize) -> Walk {
        Walk {
            at,
            end,
            h: FNV_OFFSET,
            in_word: false,
            batch: [0; BATCH],
            done: 0,
        }
    }

    /// Takes one character; the caller empties a full batch before the next step (a word ends
    /// at most once per step, so a batch with a free slot takes it).
    #[inline(always)]
    fn step(&mut self, text: &str) {
        let bytes = text.as_bytes();
        let i = self.at;
        let Some(&b) = bytes.get(i) else {
            self.at = self.end;
            return;
        };
        if b.is_ascii() {
            let lower = ASCII_WORD[usize::from(b & 0x7F)];
            let alphanumeric = lower != 0;
            self.batch[self.done % BATCH] = self.h;
            self.done += usize::from(self.in_word & !alphanumeric);
            let stepped = fnv(self.h, lower);
            self.h = if alphanumeric { stepped } else { FNV_OFFSET };
            self.in_word = alphanumeric;
            self.at += 1;
            return;
        }
        let (alphanumeric, len) = if let Some(&second) = bytes.get(i + 1).filter(|_| b == 0xC3)
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
            self.h = fnv(fnv(self.h, 0xC3), lower);
            (true, 2)
        } else {
            // `at` is always a char boundary: walks start on one and advance by whole chars.
            let c = text.get(i..).and_then(|s| s.chars().next()).unwrap_or('\0');
            if c.is_alphanumeric() {
                for lower in c.to_lowercase() {
                    let mut buf = [0u8; 4];
                    for &byte in lower.encode_utf8(&mut buf).as_bytes() {
                        self.h = fnv(self.h, byte);
                    }
                }
            }
            (c.is_alphanumeric(), c.len_utf8())
        };
        if alphanumeric {
            self.in_word = true;
        } else if self.in_word {
            self.batch[self.done % BATCH] = self.h;
            self.done += 1;
            self.h = FNV_OFFSET;
            self.in_word = false;
        }
        self.at += len;
    }

    /// Whether the batch must be emptied before the next step.
    fn full(&self) -> bool {
        self.done == BATCH
    }

    /// Ends the walk: the word still open (the walk ends at the text's end or before a byte
    /// that is no word character) goes into the batch.
    fn finish(&mut self) {
        if self.in_word {
            self.batch[self.done % BATCH] = self.h;
            self.done += 1;
            self.in_word = false;
        }
    }
}

/// Where the words of one walk go: each word and each pair with the word before it vote.
#[derive(Default)]
struct Votes {
    first: Option<u64>,
    previous: Option<u64>,
}

impl Votes {
    /// Adds the words of `walk`'s batch, in order, and empties it.
    fn take(&mut self, walk: &mut Walk, tally: &mut Tally) {
        for &word in walk.batch.iter().take(walk.done) {
            // Single words and word pairs both vote: pairs keep word order, single words keep a
            // short text's fingerprint steady when an outlet adds a byline or a sentence.
            tally.add(mix(word));
            if let Some(before) = self.previous {
                tally.add(pair(before, word));
            }
            self.first.get_or_insert(word);
            self.previous = Some(word);
        }
        walk.done = 0;
    }
}

/// The feature of two consecutive words.
fn pair(before: u64, word: u64) -> u64 {
    mix(before ^ word.rotate_left(29))
}

/// Where a text is cut into two walks: the first ASCII byte that is no word character at or
/// after the middle, so no word is cut (`None`: none there, or a short text).
fn split_point(bytes: &[u8]) -> Option<usize> {
    if bytes.len() < SPLIT_FROM {
        return None;
    }
    let middle = bytes.len() / 2;
    bytes
        .get(middle..)?
        .iter()
        .position(|&b| b.is_ascii() && ASCII_WORD[usize::from(b)] == 0)
        .map(|at| middle + at)
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
///
/// A longer text is walked as two halves at once, cut where no word is (see [`split_point`]):
/// each walk is a chain of hash steps, each waiting for the last, and two chains keep the core
/// busy. The fingerprint is the majority of each bit over all features, which does not depend on
/// the order they are counted in; the one pair that spans the cut is added at the end.
pub fn simhash(text: &str) -> u64 {
    let mut tally = Tally::new();
    let middle = split_point(text.as_bytes()).unwrap_or(text.len());
    let (mut first, mut second) = (Walk::new(0, middle), Walk::new(middle, text.len()));
    let (mut first_votes, mut second_votes) = (Votes::default(), Votes::default());
    while first.at < first.end && second.at < second.end {
        first.step(text);
        second.step(text);
        if first.full() {
            first_votes.take(&mut first, &mut tally);
        }
        if second.full() {
            second_votes.take(&mut second, &mut tally);
        }
    }
    for (walk, votes) in [
        (&mut first, &mut first_votes),
        (&mut second, &mut second_votes),
    ] {
        while walk.at < walk.end {
            walk.step(text);
            if walk.full() {
                votes.take(walk, &mut tally);
            }
        }
        walk.finish();
        votes.take(walk, &mut tally);
    }
    if let (Some(before), Some(word)) = (first_votes.previous, second_votes.first) {
        tally.add(pair(before, word));
    }
    tally.majority()
}

/// Whether two fingerprints are the same story (see [`NEAR_DUPLICATE_BITS`]).
pub fn near_duplicate(a: u64, b: u64) -> bool {
    (a ^ b).count_ones() <= NEAR_DUPLICATE_BITS
}

#[cfg(test)]
#[path = "fingerprint_tests.rs"]
mod tests;
