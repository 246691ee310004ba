//! The output side of HTML-to-text: whitespace collapsing, paragraph gaps and the size cap.

/// Whitespace owed before the next visible character.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Gap {
    None,
    Space,
    Paragraph,
}

/// Accumulates output, collapsing whitespace and counting characters against the cap.
pub(super) struct TextSink {
    pub(super) out: String,
    pub(super) gap: Gap,
    chars: usize,
    max_chars: usize,
    multiline: bool,
}

impl TextSink {
    pub(super) fn full(&self) -> bool {
        self.chars >= self.max_chars
    }

    pub(super) fn new(multiline: bool, max_chars: usize, capacity: usize) -> Self {
        TextSink {
            out: String::with_capacity(capacity),
            gap: Gap::None,
            chars: 0,
            max_chars,
            multiline,
        }
    }

    /// Appends literal text (entities already decoded), a word at a time: copying whole
    /// words instead of single chars is what keeps this pass fast.
    pub(super) fn push_text(&mut self, run: &str) {
        let bytes = run.as_bytes();
        let mut word_start = 0;
        let mut at = 0;
        while at < bytes.len() {
            let b = bytes[at];
            let space_len = if b < 0x80 {
                usize::from(matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c))
            } else if b >= 0xC0 {
                // A UTF-8 lead byte starts a char: only then can it be Unicode whitespace.
                run[at..]
                    .chars()
                    .next()
                    .filter(|c| c.is_whitespace())
                    .map_or(0, char::len_utf8)
            } else {
                0
            };
            if space_len == 0 {
                at += 1;
                continue;
            }
            self.push_word(&run[word_start..at]);
            self.gap = self.gap.max(Gap::Space);
            at += space_len;
            word_start = at;
        }
        self.push_word(&run[word_start..]);
    }

    /// Appends a run without whitespace, cutting it at the cap.
    fn push_word(&mut self, word: &str) {
        if word.is_empty() || self.full() {
            return;
        }
        let gap = self.pending_gap();
        // Characters = bytes that are not UTF-8 continuation bytes.
        let word_chars = word.bytes().filter(|b| (b & 0xC0) != 0x80).count();
        if self.chars + gap.len() + word_chars > self.max_chars {
            let room = self.max_chars.saturating_sub(self.chars + gap.len());
            if room > 0 {
                let cut = word.char_indices().nth(room).map_or(word.len(), |(i, _)| i);
                self.out.push_str(gap);
                self.out.push_str(&word[..cut]);
            }
            self.chars = self.max_chars;
            return;
        }
        self.out.push_str(gap);
        self.out.push_str(word);
        self.gap = Gap::None;
        self.chars += gap.len() + word_chars;
    }

    /// The separator owed before the next visible character (none at the start).
    fn pending_gap(&self) -> &'static str {
        match (self.out.is_empty(), self.gap) {
            (true, _) | (_, Gap::None) => "",
            (false, Gap::Space) => " ",
            (false, Gap::Paragraph) => "\n\n",
        }
    }

    pub(super) fn push_char(&mut self, c: char) {
        if c.is_whitespace() {
            self.gap = self.gap.max(Gap::Space);
            return;
        }
        let gap = self.pending_gap();
        // The cap counts every output character, separators included.
        if self.chars + gap.len() + 1 > self.max_chars {
            self.chars = self.max_chars;
            return;
        }
        self.out.push_str(gap);
        self.gap = Gap::None;
        self.out.push(c);
        self.chars += gap.len() + 1;
    }

    /// Appends text that may carry character references (`&amp;`, `&#8217;`, ...).
    pub(super) fn push_encoded(&mut self, run: &str) {
        if run.contains('&') {
            let decoded = html_escape::decode_html_entities(run);
            self.push_text(&decoded);
        } else {
            self.push_text(run);
        }
    }

    pub(super) fn block_break(&mut self) {
        let gap = if self.multiline {
            Gap::Paragraph
        } else {
            Gap::Space
        };
        self.gap = self.gap.max(gap);
    }
}
