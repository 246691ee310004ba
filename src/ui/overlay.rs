//! Overlays over the panes: a model's claims ledger, a source's detail, the item reader.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::text::{highlight, wrap};
use super::{Theme, clean, format, sources};
use crate::report::{ItemReport, ModelReport, Report, SourceReport};
use crate::sanitize::clean_multiline;
use crate::state::{AppState, Overlay};

/// `percent` of `body`, centred; the whole body on small screens.
pub(super) fn centred(body: Rect, width_pct: u16, height_pct: u16) -> Rect {
    if body.width < 80 || body.height < 20 {
        return body;
    }
    let width = body.width * width_pct / 100;
    let height = body.height * height_pct / 100;
    Rect::new(
        body.x + (body.width - width) / 2,
        body.y + (body.height - height) / 2,
        width,
        height,
    )
}

fn overlay_area(body: Rect) -> Rect {
    centred(body, 80, 86)
}

/// Lines the open overlay shows at once and in total, for scrolling limits.
pub(super) fn measure(body: Rect, state: &AppState) -> (usize, usize) {
    let inner = Block::bordered().inner(overlay_area(body));
    let theme = Theme::new(state.color);
    match content(state, usize::from(inner.width), &theme) {
        Some((_, lines)) => (usize::from(inner.height), lines.len()),
        None => (0, 0),
    }
}

pub(super) fn draw(frame: &mut Frame, body: Rect, state: &AppState, theme: &Theme) {
    let area = overlay_area(body);
    let inner = Block::bordered().inner(area);
    if inner.width == 0 || inner.height == 0 {
        return;
    }
    let Some((title, lines)) = content(state, usize::from(inner.width), theme) else {
        return;
    };
    let scroll = match &state.overlay {
        Some(
            Overlay::Ledger { scroll, .. }
            | Overlay::SourceDetail { scroll, .. }
            | Overlay::Reader { scroll, .. },
        ) => *scroll,
        None => 0,
    };
    let scroll = scroll.min(lines.len().saturating_sub(usize::from(inner.height)));
    let more = if lines.len() > scroll + usize::from(inner.height) {
        " ↓ more "
    } else {
        ""
    };
    let block = Block::bordered()
        .border_style(theme.border_focused)
        .title(Line::from(vec![
            Span::raw(format!(" {title} ")),
            Span::styled("· esc closes ", theme.dim),
        ]))
        .title_bottom(Line::styled(more, theme.dim));
    frame.render_widget(Clear, area);
    let visible: Vec<Line> = lines.into_iter().skip(scroll).collect();
    frame.render_widget(Paragraph::new(visible).block(block), area);
}

/// Title and wrapped lines of the open overlay.
fn content(state: &AppState, width: usize, theme: &Theme) -> Option<(String, Vec<Line<'static>>)> {
    let report = state.report.as_ref()?;
    let width = width.max(1);
    match state.overlay.as_ref()? {
        Overlay::Ledger { model, .. } => {
            let lines = match report.models.iter().find(|m| &m.name == model) {
                Some(m) => ledger(m, width, theme),
                None => vec![Line::raw("this model is no longer in the store")],
            };
            Some((format!("{} · claims ledger", clean(model)), lines))
        }
        Overlay::SourceDetail { source, .. } => {
            let lines = match report.sources.iter().find(|s| &s.name == source) {
                Some(s) => source_detail(s, report, state, width, theme),
                None => vec![Line::raw("this source is no longer configured")],
            };
            Some((format!("{} · source", clean(source)), lines))
        }
        Overlay::Reader { item, .. } => {
            let lines = match report.items.iter().find(|it| it.id == *item) {
                Some(it) => reader(it, state.item_texts.get(item), width, theme),
                None => vec![Line::raw("this item is no longer in the store")],
            };
            Some(("reader".to_string(), lines))
        }
    }
}

fn field(label: &str, value: String, theme: &Theme) -> Line<'static> {
    Line::from(vec![
        Span::styled(format!("{label:<13}"), theme.dim),
        Span::raw(value),
    ])
}

fn ledger(model: &ModelReport, width: usize, theme: &Theme) -> Vec<Line<'static>> {
    let mut lines = vec![
        field(
            "vendor",
            clean(model.vendor.as_deref().unwrap_or("unknown")),
            theme,
        ),
        field("status", clean(&model.status), theme),
        field(
            "expected",
            model
                .expected
                .as_ref()
                .map(format::window)
                .unwrap_or_else(|| "—".into()),
            theme,
        ),
        field(
            "released",
            model
                .released
                .map(|d| d.to_string())
                .unwrap_or_else(|| "—".into()),
            theme,
        ),
        field("slip", format::slip(model.slip_days), theme),
        field("aliases", clean(&model.aliases.join(", ")), theme),
        field(
            "mentions",
            format!("{} items from {} sources", model.mentions, model.sources),
            theme,
        ),
        Line::raw(""),
        Line::styled(
            format!(
                "{}, oldest first",
                format::count(model.claims.len(), "claim")
            ),
            theme.header,
        ),
    ];
    for claim in &model.claims {
        let date = claim
            .published
            .map(|d| d.to_string())
            .unwrap_or_else(|| "undated   ".into());
        let window = match (claim.start, claim.end) {
            (Some(start), Some(end)) => {
                format::window_parts(start, end, claim.precision.as_deref().unwrap_or("fuzzy"))
            }
            _ => "no window".into(),
        };
        let mut head = vec![
            Span::styled(format!("{date}  "), theme.dim),
            Span::styled(
                format!("{:<10}", clean(&claim.kind)),
                theme.kind(&claim.kind),
            ),
            Span::raw(format!("{window:<12}")),
            Span::styled(clean(&claim.source), theme.accent),
        ];
        if claim.corroboration > 1 {
            head.push(Span::styled(
                format!("  ×{} sources", claim.corroboration),
                theme.dim,
            ));
        }
        lines.push(Line::from(head));
        for part in wrap(&clean(&claim.evidence), width.saturating_sub(4)) {
            lines.push(Line::raw(format!("    {part}")));
        }
        if let Some(url) = &claim.item_url {
            for part in wrap(&clean(url), width.saturating_sub(4)) {
                lines.push(Line::styled(format!("    {part}"), theme.dim));
            }
        }
    }
    lines
}

fn source_detail(
    source: &SourceReport,
    report: &Report,
    state: &AppState,
    width: usize,
    theme: &Theme,
) -> Vec<Line<'static>> {
    let now = state.now;
    let (word, style) = sources::health(source, state, theme);
    let when = |t: Option<chrono::DateTime<chrono::Utc>>| {
        t.map(|t| {
            format!(
                "{} ({} ago)",
                t.format("%Y-%m-%d %H:%M"),
                format::ago(now, t)
            )
        })
        .unwrap_or_else(|| "never".into())
    };
    let mut lines = vec![
        Line::from(vec![
            Span::styled(format!("{:<13}", "status"), theme.dim),
            Span::styled(word.to_string(), style),
        ]),
        field("url", clean(&source.url), theme),
        field(
            "http",
            source
                .http_status
                .map(|s| s.to_string())
                .unwrap_or_else(|| "—".into()),
            theme,
        ),
        field(
            "latency",
            source
                .latency_ms
                .map(|ms| format!("{ms} ms"))
                .unwrap_or_else(|| "—".into()),
            theme,
        ),
        field("failures", source.failures.to_string(), theme),
        field("last fetch", when(source.last_fetch), theme),
        field("last success", when(source.last_success), theme),
        field(
            "next fetch",
            if source.dead {
                "never (dead)".into()
            } else {
                source
                    .next_fetch
                    .map(|t| format::countdown(now, t))
                    .unwrap_or_else(|| "—".into())
            },
            theme,
        ),
        field(
            "items",
            format!("{} ({} unread)", source.items, source.unread),
            theme,
        ),
        Line::raw(""),
    ];
    match sources::error_of(source, state) {
        Some(error) => {
            lines.push(Line::styled("last error", theme.header));
            for part in wrap(&clean_multiline(error), width) {
                lines.push(Line::styled(part, theme.error));
            }
        }
        None => lines.push(Line::styled("no error", theme.ok)),
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled("items", theme.header));
    for item in report.items.iter().filter(|it| it.source == source.name) {
        let date = item
            .published
            .map(|t| t.format("%Y-%m-%d").to_string())
            .unwrap_or_default();
        lines.push(Line::from(vec![
            Span::styled(format!("{date:<11}"), theme.dim),
            Span::raw(clean(&item.title)),
        ]));
    }
    lines
}

fn reader(
    item: &ItemReport,
    text: Option<&String>,
    width: usize,
    theme: &Theme,
) -> Vec<Line<'static>> {
    let mut lines: Vec<Line> = wrap(&clean(&item.title), width)
        .into_iter()
        .map(|l| Line::styled(l, theme.header))
        .collect();
    let date = item
        .published
        .map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string())
        .unwrap_or_default();
    let lang = item.lang.as_deref().unwrap_or("?");
    lines.push(Line::styled(
        format!("{} · {date} · {}", clean(&item.source), clean(lang)),
        theme.dim,
    ));
    if let Some(url) = &item.url {
        for part in wrap(&format!("link: {}", clean(url)), width) {
            lines.push(Line::styled(part, theme.accent));
        }
    }
    let entities: Vec<String> = item
        .models
        .iter()
        .chain(&item.providers)
        .map(|e| clean(e))
        .filter(|e| !e.is_empty())
        .collect();
    if !entities.is_empty() {
        lines.push(Line::from(
            entities
                .iter()
                .map(|e| Span::styled(format!("[{e}] "), theme.entity))
                .collect::<Vec<_>>(),
        ));
    }
    lines.push(Line::raw(""));
    match text {
        Some(text) => {
            for part in wrap(&clean_multiline(text), width) {
                lines.push(highlight(&part, &entities, theme.entity));
            }
        }
        None => lines.push(Line::styled("loading text…", theme.dim)),
    }
    lines
}
