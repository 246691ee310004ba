//! A guard around feed-rs: a panic in the parser becomes a parse error, and a document that
//! trips feed-rs 3.0's known panic is parsed again without the fields that trip it.
//!
//! feed-rs 3.0 splits a contact such as `<author>` into a name and an e-mail address by slicing
//! one byte before or after the address, which panics when that byte is inside a multi-byte
//! character: `<author>“ana@example.com”</author>`, an `«`, an `€`. Contacts appear in RSS
//! (`author`, `managingEditor`, `webMaster`), Dublin Core and iTunes (`creator`, `author`,
//! `name`) and JSON Feed (`author`, `authors`). airadar does not use them, so the retry blanks
//! them and keeps every item.

use std::any::Any;
use std::cell::{Cell, RefCell};
use std::panic::{AssertUnwindSafe, catch_unwind};

thread_local! {
    /// Set while [`guarded`] runs a parse, so the panic hooks log the panic quietly.
    static EXPECTED: Cell<bool> = const { Cell::new(false) };
    /// The message of the last panic [`guarded`] caught on this thread.
    static CAUGHT: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Takes the message of the last parser panic caught on this thread, if any: the fuzz tests
/// check that every panic caught is the known one, so a new parser bug still fails them.
pub fn take_caught_panic() -> Option<String> {
    CAUGHT.with(|c| c.borrow_mut().take())
}

/// Whether the current thread is inside [`guarded`]: its panic is handled, and the hooks
/// only log it.
pub fn panic_expected() -> bool {
    EXPECTED.with(Cell::get)
}

/// Runs `parse` on `doc`; if it panics, runs it once more on `doc` without its contact fields.
/// `Err` holds the panic's message when the retry panics too.
pub fn guarded<T>(doc: &str, json: bool, parse: impl Fn(&str) -> T) -> Result<T, String> {
    match catch(|| parse(doc)) {
        Ok(parsed) => Ok(parsed),
        Err(first) => {
            tracing::warn!("the feed parser panicked ({first}); parsing again without contacts");
            let stripped = if json {
                without_json_contacts(doc)
            } else {
                Some(without_xml_contacts(doc))
            };
            match stripped {
                Some(stripped) => catch(|| parse(&stripped)),
                None => Err(first),
            }
        }
    }
}

fn catch<T>(run: impl FnOnce() -> T) -> Result<T, String> {
    EXPECTED.with(|e| e.set(true));
    let result = catch_unwind(AssertUnwindSafe(run));
    EXPECTED.with(|e| e.set(false));
    result.map_err(|payload| {
        let message = message(payload.as_ref());
        CAUGHT.with(|c| *c.borrow_mut() = Some(message.clone()));
        message
    })
}

fn message(payload: &(dyn Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_owned())
}

/// Local names of the XML elements whose text feed-rs splits into a name and an e-mail.
const CONTACTS: [&str; 5] = ["author", "managingEditor", "webMaster", "creator", "name"];

/// `doc` with the text of every contact element removed (the tags stay, so the XML is as
/// well-formed as it was).
fn without_xml_contacts(doc: &str) -> String {
    let mut out = String::with_capacity(doc.len());
    let mut rest = doc;
    while let Some(open) = rest.find('<') {
        let (before, tag) = rest.split_at(open);
        out.push_str(before);
        let name_len = tag[1..]
            .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
            .unwrap_or(tag.len() - 1);
        let qualified = &tag[1..1 + name_len];
        let local = qualified.rsplit(':').next().unwrap_or(qualified);
        let Some(end) = tag.find('>') else {
            out.push_str(tag);
            return out;
        };
        let self_closing = tag[..end].ends_with('/');
        let closing = format!("</{qualified}>");
        match tag[end + 1..].find(&closing) {
            Some(at) if CONTACTS.contains(&local) && !self_closing && !qualified.is_empty() => {
                out.push_str(&tag[..=end]);
                out.push_str(&closing);
                rest = &tag[end + 1 + at + closing.len()..];
            }
            _ => {
                out.push_str(&tag[..=end]);
                rest = &tag[end + 1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// `doc` without the `author` and `authors` members of the feed and its items; `None` if it
/// is not a JSON object.
fn without_json_contacts(doc: &str) -> Option<String> {
    let mut value: serde_json::Value = serde_json::from_str(doc).ok()?;
    let strip = |object: &mut serde_json::Value| {
        if let Some(map) = object.as_object_mut() {
            map.remove("author");
            map.remove("authors");
        }
    };
    strip(&mut value);
    if let Some(items) = value.get_mut("items").and_then(|i| i.as_array_mut()) {
        items.iter_mut().for_each(strip);
    }
    serde_json::to_string(&value).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contact_text_is_blanked_and_everything_else_kept() {
        let doc = "<rss><channel><managingEditor>“a@b.com”</managingEditor><title>T</title>\
                   <item><dc:creator><![CDATA[«c@d.com»]]></dc:creator><author/>\
                   <itunes:owner><itunes:name>€e@f.com</itunes:name></itunes:owner>\
                   <description>x@y.com “stays”</description></item></channel></rss>";
        assert_eq!(
            without_xml_contacts(doc),
            "<rss><channel><managingEditor></managingEditor><title>T</title>\
             <item><dc:creator></dc:creator><author/>\
             <itunes:owner><itunes:name></itunes:name></itunes:owner>\
             <description>x@y.com “stays”</description></item></channel></rss>"
        );
    }

    #[test]
    fn broken_markup_is_copied_as_it_is() {
        for doc in ["<author>a", "<author", "text <", "<>", "<author>x</autho"] {
            assert_eq!(without_xml_contacts(doc), doc);
        }
    }

    #[test]
    fn a_panic_on_both_tries_is_an_error_with_its_message() {
        let result: Result<(), String> = guarded("<rss/>", false, |_| panic!("parser bug"));
        assert_eq!(result.unwrap_err(), "parser bug");
        assert!(!panic_expected(), "cleared after the parse");
        assert_eq!(take_caught_panic().as_deref(), Some("parser bug"));
        assert_eq!(take_caught_panic(), None, "taken");
    }

    #[test]
    fn the_retry_parses_the_document_without_contacts() {
        let parse = |doc: &str| {
            assert!(!doc.contains('@'), "panics on an e-mail");
            doc.len()
        };
        let doc = "<rss><author>“a@b.com”</author></rss>";
        assert_eq!(
            guarded(doc, false, parse),
            Ok("<rss><author></author></rss>".len())
        );
        let json = r#"{"version":"1.1","author":{"name":"«a@b.com»"},"items":[{"id":"1","authors":[{"name":"c@d.com"}]}]}"#;
        let stripped = guarded(json, true, |doc| {
            assert!(!doc.contains('@'));
            doc.to_owned()
        })
        .unwrap();
        assert!(stripped.contains(r#""id":"1""#), "{stripped}");
    }
}
