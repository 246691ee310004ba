//! Tests of the simhash: near duplicates, and the same fingerprint as plain voting.

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
    // Cuts next to non-ASCII words and marks, texts with nowhere to cut, and every length
    // around the one that starts cutting.
    let mixed = "Ação é já ÉPOCA — naïve Σσ «x» 🌀 İ a-b ".repeat(6);
    for n in 0..mixed.len() {
        if let Some(text) = mixed.get(..n) {
            assert_eq!(simhash(text), reference_simhash(text), "{text}");
        }
    }
    for text in [
        "ação".repeat(40),
        "x".repeat(200),
        format!("{} y", "z".repeat(99)),
    ] {
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
