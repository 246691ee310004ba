//! The first-byte rejection of `Walk::word_ci` against the char-by-char compare it guards.

use super::*;

/// Every listed word at every char boundary of `text`: the guarded compare and the plain one
/// agree. Returns how many places matched, so callers can tell the check saw matches.
fn agree_everywhere(text: &str) -> usize {
    let walk = Walk {
        text,
        end: text.len(),
    };
    let lists = [
        CURRENCIES,
        SYMBOLS,
        SCALES,
        POWER,
        DOLLARS,
        CHIPS,
        CHIP_QUALIFIERS,
    ];
    let mut matched = 0;
    for at in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
        for word in lists.iter().flat_map(|l| l.iter()).chain(&["de", "of", ""]) {
            let fast = walk.word_ci(at, word);
            assert_eq!(
                fast,
                walk.word_ci_chars(at, word),
                "{word:?} at {at} of {text:?}"
            );
            matched += usize::from(fast.is_some());
        }
    }
    matched
}

#[test]
fn first_byte_rejection_agrees_on_the_corpus() {
    let matched: usize = crate::extract::corpus_files()
        .iter()
        .map(|t| agree_everywhere(t))
        .sum();
    assert!(matched > 1000, "{matched}");
}

#[test]
fn first_byte_rejection_agrees_on_folded_letters() {
    // The long s and the Kelvin sign fold to `s` and `k`; accented capitals to their vowels.
    let texts = [
        "5 GIGAWATTS, 3 ſuperchipſ, 2 chipS, 100 mil milhÕes, 4 BILHÃO, 7 dÓlares",
        "\u{212A}, 8 trilhÕes, MILLÓN, Más chips, MAS, 10 tpuS, dE, Of, 1 ſ",
        "",
        "é",
    ];
    let matched: usize = texts.iter().map(|t| agree_everywhere(t)).sum();
    assert!(matched > 20, "{matched}");
}
