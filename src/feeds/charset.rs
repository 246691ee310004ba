//! Bytes → UTF-8 text: picks the document's charset and transcodes it before feed-rs sees it.
//!
//! Order of evidence: a byte-order mark (it cannot lie about the bytes that follow), the HTTP
//! `Content-Type` charset, the XML declaration's `encoding`, then UTF-8 with a Windows-1252
//! fallback when the bytes are not valid UTF-8 (old Latin-1 feeds often omit any declaration).

use std::borrow::Cow;

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1252};

/// How many leading bytes are searched for an XML declaration.
const DECL_WINDOW: usize = 1024;

/// Decodes `body` to UTF-8 and rewrites the XML declaration to say `UTF-8`, so that an XML
/// parser which honours the declaration does not decode the text a second time.
pub fn decode_document(body: &[u8], content_type: Option<&str>) -> String {
    let (encoding, bom_len) = detect(body, content_type);
    let bytes = &body[bom_len..];
    let text: Cow<'_, str> = if encoding == UTF_8 {
        match std::str::from_utf8(bytes) {
            Ok(s) => Cow::Borrowed(s),
            Err(_) if bom_len == 0 && label_given(body, content_type).is_none() => {
                // No label and not UTF-8: the usual culprit is Latin-1 served undeclared.
                WINDOWS_1252.decode_without_bom_handling(bytes).0
            }
            Err(_) => UTF_8.decode_without_bom_handling(bytes).0,
        }
    } else {
        encoding.decode_without_bom_handling(bytes).0
    };
    rewrite_declaration(text.into_owned())
}

/// Chooses the encoding and the length of a byte-order mark to skip.
fn detect(body: &[u8], content_type: Option<&str>) -> (&'static Encoding, usize) {
    if let Some((enc, len)) = Encoding::for_bom(body) {
        return (enc, len);
    }
    // UTF-16 without a BOM still starts `<?` as 16-bit units (XML 1.0, appendix F).
    if body.starts_with(b"<\0?\0") {
        return (UTF_16LE, 0);
    }
    if body.starts_with(b"\0<\0?") {
        return (UTF_16BE, 0);
    }
    match label_given(body, content_type) {
        // A UTF-16 label on bytes that read as ASCII is a lie: the text is ASCII-compatible.
        Some(enc) if enc == UTF_16LE || enc == UTF_16BE => (UTF_8, 0),
        Some(enc) => (enc, 0),
        None => (UTF_8, 0),
    }
}

/// The encoding named by the `Content-Type` header, else by the XML declaration.
fn label_given(body: &[u8], content_type: Option<&str>) -> Option<&'static Encoding> {
    content_type
        .and_then(header_charset)
        .and_then(|label| Encoding::for_label(label.as_bytes()))
        .or_else(|| declared_encoding(body).and_then(|label| Encoding::for_label(label.as_bytes())))
}

/// The `charset` parameter of a `Content-Type` value, without quotes.
pub fn header_charset(content_type: &str) -> Option<&str> {
    content_type.split(';').skip(1).find_map(|param| {
        let (name, value) = param.split_once('=')?;
        name.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| value.trim().trim_matches(|c| c == '"' || c == '\''))
            .filter(|v| !v.is_empty())
    })
}

/// The `encoding` pseudo-attribute of a leading `<?xml ... ?>`, read as ASCII.
fn declared_encoding(body: &[u8]) -> Option<String> {
    let head = &body[..body.len().min(DECL_WINDOW)];
    let start = head.iter().position(|b| !b.is_ascii_whitespace())?;
    let head = &head[start..];
    if !head.starts_with(b"<?xml") {
        return None;
    }
    let end = head.windows(2).position(|w| w == b"?>")?;
    let decl = std::str::from_utf8(&head[..end]).ok()?;
    attribute_value(decl, "encoding").map(str::to_owned)
}

/// Finds `name = "value"` (or single quotes) inside a declaration.
fn attribute_value<'a>(decl: &'a str, name: &str) -> Option<&'a str> {
    let mut rest = decl;
    while let Some(at) = rest.find(name) {
        let after = rest[at + name.len()..].trim_start();
        if let Some(after_eq) = after.strip_prefix('=') {
            let after_eq = after_eq.trim_start();
            let quote = after_eq
                .chars()
                .next()
                .filter(|c| *c == '"' || *c == '\'')?;
            let value = &after_eq[1..];
            return value.find(quote).map(|end| &value[..end]);
        }
        rest = &rest[at + name.len()..];
    }
    None
}

/// Replaces a leading XML declaration by one that says UTF-8 (the text now is UTF-8).
fn rewrite_declaration(text: String) -> String {
    let trimmed = text.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    if !trimmed.starts_with("<?xml") {
        return text;
    }
    let offset = text.len() - trimmed.len();
    let Some(end) = trimmed.find("?>") else {
        return text;
    };
    let decl = &trimmed[..end];
    if attribute_value(decl, "encoding").is_none() {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    out.push_str(r#"<?xml version="1.0" encoding="UTF-8""#);
    out.push_str(&text[offset + end..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_charset_is_read_with_quotes_and_case() {
        assert_eq!(
            header_charset("text/xml; Charset=\"ISO-8859-1\""),
            Some("ISO-8859-1")
        );
        assert_eq!(header_charset("application/rss+xml"), None);
        assert_eq!(header_charset("text/xml; charset="), None);
    }

    #[test]
    fn undeclared_latin1_falls_back_to_windows_1252() {
        let body = b"<rss><title>Informa\xe7\xe3o</title></rss>";
        assert!(decode_document(body, None).contains("Informação"));
    }

    #[test]
    fn header_beats_declaration() {
        let body = b"<?xml version=\"1.0\" encoding=\"utf-8\"?><a>caf\xe9</a>";
        let text = decode_document(body, Some("text/xml; charset=iso-8859-1"));
        assert!(text.contains("café"), "{text}");
    }

    #[test]
    fn declaration_is_used_and_rewritten_to_utf8() {
        let body = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<a>ni\xf1o</a>";
        let text = decode_document(body, None);
        assert!(
            text.starts_with(r#"<?xml version="1.0" encoding="UTF-8"?>"#),
            "{text}"
        );
        assert!(text.contains("niño"));
    }

    #[test]
    fn utf16_with_bom_is_decoded() {
        let mut body = vec![0xff, 0xfe];
        for unit in "<?xml version=\"1.0\" encoding=\"utf-16\"?><a>é</a>".encode_utf16() {
            body.extend_from_slice(&unit.to_le_bytes());
        }
        let text = decode_document(&body, Some("text/xml; charset=utf-8"));
        assert_eq!(text, r#"<?xml version="1.0" encoding="UTF-8"?><a>é</a>"#);
    }

    #[test]
    fn utf16_label_on_ascii_bytes_is_ignored() {
        let body = b"<?xml version=\"1.0\" encoding=\"utf-16\"?><a>x</a>";
        assert!(decode_document(body, None).ends_with("<a>x</a>"));
    }

    #[test]
    fn gb2312_is_decoded() {
        // "中文" in GB2312.
        let body = b"<?xml version=\"1.0\" encoding=\"gb2312\"?><a>\xd6\xd0\xce\xc4</a>";
        assert!(decode_document(body, None).contains("中文"));
    }
}
