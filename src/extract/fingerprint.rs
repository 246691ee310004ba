//! Near-duplicate detection: a 64-bit simhash over words and word pairs.
//!
//! Each word and each pair of consecutive words (lowercased) votes on every bit; the fingerprint keeps
//! the majority. The same wire story lightly edited by another outlet lands within a few bits,
//! unrelated stories around 32 bits apart.

/// Words per shingle (pairs).
const SHINGLE: usize = 2;

/// Fingerprints at or below this Hamming distance are the same story.
pub const NEAR_DUPLICATE_BITS: u32 = 3;

fn word_hash(word: &str) -> u64 {
    // FNV-1a over the lowercased characters: stable across runs and platforms. ASCII words (most
    // of them) skip Unicode case mapping.
    const PRIME: u64 = 0x0100_0000_01b3;
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    if word.is_ascii() {
        for b in word.bytes() {
            h ^= u64::from(b.to_ascii_lowercase());
            h = h.wrapping_mul(PRIME);
        }
        return h;
    }
    for c in word.chars().flat_map(char::to_lowercase) {
        let mut buf = [0u8; 4];
        for &b in c.encode_utf8(&mut buf).as_bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(PRIME);
        }
    }
    h
}

/// SplitMix64's finaliser: spreads a combined shingle hash over all bits.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

fn vote(votes: &mut [i32; 64], feature: u64) {
    // Branch-free so the compiler can vectorise it: +1 for a set bit, -1 for a clear one.
    for (bit, v) in votes.iter_mut().enumerate() {
        *v += ((feature >> bit) & 1) as i32 * 2 - 1;
    }
}

/// The simhash of `text`.
pub fn simhash(text: &str) -> u64 {
    let mut votes = [0i32; 64];
    let mut window = [0u64; SHINGLE];
    let mut seen = 0usize;
    for word in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        window.rotate_left(1);
        window[SHINGLE - 1] = word_hash(word);
        seen += 1;
        // Single words and word pairs both vote: pairs keep word order, single words keep a
        // short text's fingerprint steady when an outlet adds a byline or a sentence.
        vote(&mut votes, mix(window[SHINGLE - 1]));
        if seen >= SHINGLE {
            vote(&mut votes, mix(window[0] ^ window[1].rotate_left(29)));
        }
    }
    votes.iter().enumerate().fold(
        0u64,
        |acc, (bit, &v)| if v > 0 { acc | 1 << bit } else { acc },
    )
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

    #[test]
    fn different_stories_are_far_apart() {
        let other = "Anthropic released Claude 3.7 Sonnet on Monday with a hybrid reasoning mode \
            and a command line coding agent, available to all paid plans and through Amazon \
            Bedrock and Google Cloud Vertex AI from today.";
        assert!((simhash(STORY) ^ simhash(other)).count_ones() > 10);
    }
}
