//! The Models pane: one row per model with status, window, slip and reach; new rows marked.

use ratatui::Frame;
use ratatui::layout::Constraint;
use ratatui::text::{Line, Span};

use super::{PaneCtx, format};
use crate::report::ModelReport;
use crate::sanitize::clean;
use crate::state::{Pane, RowMark};

pub(super) fn draw(frame: &mut Frame, ctx: &PaneCtx) {
    let (visible, selected) = ctx.visible(Pane::Models, usize::from(ctx.rows.height));
    if ctx.state.rows.models.is_empty() {
        ctx.empty(frame, "models");
        return;
    }
    // Columns drop from the right of the importance order as the pane narrows.
    let tier = match ctx.inner.width {
        80.. => Tier::Full,
        58..80 => Tier::Medium,
        _ => Tier::Narrow,
    };
    let header: Vec<&str> = match tier {
        Tier::Full => vec![
            "", "model", "vendor", "status", "expected", "slip", "ment", "src", "seen",
        ],
        Tier::Medium => vec![
            "", "model", "vendor", "status", "expected", "slip", "ment", "seen",
        ],
        Tier::Narrow => vec!["", "model", "status", "expected", "slip"],
    };
    let rows = visible.iter().enumerate().map(|(k, &i)| {
        let model = &ctx.report.models[i];
        (row(ctx, model, tier), ctx.row_style(Some(k) == selected))
    });
    let mut widths = vec![Constraint::Length(1), Constraint::Fill(1)];
    if tier != Tier::Narrow {
        widths.push(Constraint::Length(9));
    }
    widths.extend([
        Constraint::Length(9),
        Constraint::Length(10),
        Constraint::Length(5),
    ]);
    if tier != Tier::Narrow {
        widths.push(Constraint::Length(4));
    }
    if tier == Tier::Full {
        widths.push(Constraint::Length(3));
    }
    if tier != Tier::Narrow {
        widths.push(Constraint::Length(5));
    }
    ctx.render_table(frame, &widths, &header, rows);
}

/// How many columns fit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tier {
    Full,
    Medium,
    Narrow,
}

/// The cells of one model's row.
fn row<'a>(ctx: &PaneCtx<'a>, model: &'a ModelReport, tier: Tier) -> Vec<Line<'a>> {
    let theme = ctx.theme;
    let mark = match ctx.state.marks.get(&model.name) {
        Some(RowMark::New) => Span::styled("+", theme.fresh),
        Some(RowMark::Changed) => Span::styled("*", theme.fresh),
        None => Span::raw(" "),
    };
    let when = match (&model.released, &model.expected) {
        (Some(day), _) => Span::styled(day.to_string(), theme.ok),
        (None, Some(window)) => Span::raw(format::window(window)),
        (None, None) => Span::styled("—", theme.dim),
    };
    let slip = Span::styled(
        format::slip(model.slip_days),
        if model.slip_days.unwrap_or(0) > 0 {
            theme.warn
        } else {
            theme.dim
        },
    );
    let status = Span::styled(clean(&model.status), theme.kind(&model.status));
    let name = Span::styled(clean(&model.name), theme.accent);
    let mut cells = vec![Line::from(mark), Line::from(name)];
    if tier != Tier::Narrow {
        cells.push(Line::raw(clean(model.vendor.as_deref().unwrap_or(""))));
    }
    cells.push(Line::from(status));
    cells.push(Line::from(when));
    cells.push(Line::from(slip));
    if tier != Tier::Narrow {
        let seen = model
            .last_seen
            .map(|d| d.format("%m-%d").to_string())
            .unwrap_or_default();
        cells.push(Line::raw(model.mentions.to_string()));
        if tier == Tier::Full {
            cells.push(Line::raw(model.sources.to_string()));
        }
        cells.push(Line::from(Span::styled(seen, theme.dim)));
    }
    cells
}
