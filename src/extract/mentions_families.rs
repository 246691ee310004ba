//! Family patterns that discover models the catalogue does not know yet, and how to name them.

use regex::Captures;

/// A family pattern and how to spell what it found.
pub(super) struct Family {
    /// The pattern, with named groups the namer reads.
    pub(super) pattern: &'static str,
    /// The normalised name of a match (`None`: not a model after all).
    pub(super) name: fn(&Captures<'_>) -> Option<String>,
}

fn cap<'a>(c: &Captures<'a>, name: &str) -> Option<&'a str> {
    c.name(name).map(|m| m.as_str())
}

/// "sonnet" → "Sonnet", "405b" → "405B", "mini" stays lowercase (as vendors write it).
fn tidy(word: &str) -> String {
    let lower = word.to_ascii_lowercase();
    if matches!(lower.as_str(), "mini" | "nano" | "preview") {
        return lower;
    }
    if lower.ends_with('b') && lower[..lower.len() - 1].chars().all(|c| c.is_ascii_digit()) {
        return lower.to_ascii_uppercase();
    }
    let mut chars = lower.chars();
    chars.next().map_or_else(String::new, |f| {
        f.to_ascii_uppercase().to_string() + chars.as_str()
    })
}

fn suffix(c: &Captures<'_>, name: &str, sep: &str) -> String {
    cap(c, name).map_or_else(String::new, |t| format!("{sep}{}", tidy(t)))
}

/// Model families the catalogue may not know every member of yet.
pub(super) const FAMILIES: &[Family] = &[
    Family {
        pattern: r"(?i)gpt[- ]?(?P<v>[0-9]+(?:\.[0-9]+)?)(?P<o>o)?(?:[- ](?P<t>mini|nano|turbo|pro))?",
        name: |c| {
            let v = cap(c, "v")?;
            // A four-digit "version" is a year: a codename ("GPT-2024"), not a release.
            if v.len() >= 4 && !v.contains('.') {
                return None;
            }
            let o = if c.name("o").is_some() { "o" } else { "" };
            Some(format!("GPT-{v}{o}{}", suffix(c, "t", " ")))
        },
    },
    Family {
        pattern: r"o(?P<v>[1-9])(?:[- ](?P<t>mini|pro|preview))?",
        name: |c| {
            Some(format!(
                "o{}{}",
                cap(c, "v")?,
                cap(c, "t").map_or(String::new(), |t| format!("-{}", t.to_ascii_lowercase()))
            ))
        },
    },
    Family {
        pattern: r"(?i)claude[- ](?:(?P<v>[0-9](?:\.[0-9])?)[- ](?P<t>opus|sonnet|haiku)|(?P<t2>opus|sonnet|haiku)[- ](?P<v2>[0-9](?:\.[0-9])?))",
        name: |c| match (cap(c, "v"), cap(c, "t")) {
            (Some(v), Some(t)) => Some(format!("Claude {v} {}", tidy(t))),
            _ => Some(format!("Claude {} {}", tidy(cap(c, "t2")?), cap(c, "v2")?)),
        },
    },
    Family {
        pattern: r"(?i)gemini[- ](?P<v>[0-9](?:\.[0-9])?)(?:[- ](?P<t>pro|flash(?:[- ]lite)?|ultra|nano))?",
        name: |c| {
            Some(format!(
                "Gemini {}{}",
                cap(c, "v")?,
                suffix(c, "t", " ")
                    .replace("-lite", "-Lite")
                    .replace(" lite", "-Lite")
            ))
        },
    },
    Family {
        pattern: r"(?i)llama[- ]?(?P<v>[0-9](?:\.[0-9])?)(?:[- ](?P<t>[0-9]+b|scout|maverick|behemoth))?",
        name: |c| Some(format!("Llama {}{}", cap(c, "v")?, suffix(c, "t", " "))),
    },
    Family {
        pattern: r"(?i)grok[- ](?P<v>[0-9](?:\.[0-9])?)(?:[- ](?P<t>mini|heavy))?",
        name: |c| Some(format!("Grok {}{}", cap(c, "v")?, suffix(c, "t", " "))),
    },
    Family {
        pattern: r"(?i)deepseek[- ]?(?P<t>r|v)(?P<v>[0-9](?:\.[0-9])?)",
        name: |c| {
            Some(format!(
                "DeepSeek-{}{}",
                cap(c, "t")?.to_ascii_uppercase(),
                cap(c, "v")?
            ))
        },
    },
    Family {
        pattern: r"(?i)qwen[- ]?(?P<v>[0-9](?:\.[0-9])?)(?:[- ](?P<t>max|[0-9]+b|coder|vl|omni))?",
        name: |c| Some(format!("Qwen{}{}", cap(c, "v")?, suffix(c, "t", "-"))),
    },
    Family {
        pattern: r"(?i)mistral[- ](?P<t>large|medium|small|nemo)(?:[- ](?P<v>[0-9](?:\.[0-9])?))?",
        name: |c| {
            Some(format!(
                "Mistral {}{}",
                tidy(cap(c, "t")?),
                suffix(c, "v", " ")
            ))
        },
    },
    Family {
        pattern: r"Phi-(?P<v>[0-9](?:\.[0-9])?)(?:[- ](?P<t>mini|medium|small|multimodal))?",
        name: |c| Some(format!("Phi-{}{}", cap(c, "v")?, suffix(c, "t", " "))),
    },
    Family {
        pattern: r"(?i)gemma[- ]?(?P<v>[0-9])",
        name: |c| Some(format!("Gemma {}", cap(c, "v")?)),
    },
];
