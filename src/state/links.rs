//! Opening links: the one of whatever is selected or open, and only if it is a web link.

use super::{AppState, Overlay, Pane};

impl AppState {
    /// The link of whatever is selected or open, handed to the loop to open.
    pub(super) fn open_link(&mut self) {
        let link = self.report.as_ref().and_then(|report| match &self.overlay {
            Some(Overlay::Reader { item, .. }) => {
                report.items.iter().find(|it| it.id == *item)?.url.clone()
            }
            Some(Overlay::SourceDetail { source, .. }) => Some(
                report
                    .sources
                    .iter()
                    .find(|s| &s.name == source)?
                    .url
                    .clone(),
            ),
            Some(Overlay::Ledger { .. }) => self.ledger_model()?.claims.last()?.item_url.clone(),
            None => {
                let i = self.selected_index(self.focus)?;
                match self.focus {
                    Pane::Models => report.models[i].claims.last()?.item_url.clone(),
                    Pane::Timeline => report.timeline[i].item_url.clone(),
                    Pane::Capacity => report.capacity[i].item_url.clone(),
                    Pane::Sources => Some(report.sources[i].url.clone()),
                    Pane::News => report.items[i].url.clone(),
                }
            }
        });
        // Links come from feeds: hand only web links to the system opener, never `file:`,
        // custom schemes or anything else a feed might slip in.
        match link {
            Some(url) if is_web_link(&url) => self.link_to_open = Some(url),
            Some(_) => self.status.message = Some("not a web link; not opened".into()),
            None => self.status.message = Some("no link".into()),
        }
    }
}

/// Whether `url` is an http(s) link, the only kind `o` opens.
fn is_web_link(url: &str) -> bool {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

#[cfg(test)]
mod tests {
    use super::is_web_link;

    #[test]
    fn only_web_links_are_opened() {
        assert!(is_web_link("https://example.com/a"));
        assert!(is_web_link("HTTP://example.com"));
        for bad in [
            "file:///etc/passwd",
            "javascript:alert(1)",
            "ssh://h",
            "feeds/a.xml",
            "http:",
        ] {
            assert!(!is_web_link(bad), "{bad}");
        }
    }
}
