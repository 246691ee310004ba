//! JSON sources that are not feeds: Atlassian Statuspage `summary.json` and model catalogues
//! in the OpenRouter `/api/v1/models` shape, turned into the same [`ParsedFeed`] items.

use chrono::{DateTime, Utc};
use serde::Deserialize;

use super::dates::parse_lenient_date;
use super::parse::{MAX_ITEMS, MAX_TEXT_CHARS, cap_chars, plain_text, plain_title};
use super::{FetchError, ParsedFeed, ParsedItem};
use crate::sanitize::clean;

/// `summary.json` of a Statuspage (only the fields we use).
#[derive(Deserialize)]
struct Summary {
    page: Page,
    #[serde(default)]
    components: Vec<Component>,
    #[serde(default)]
    incidents: Vec<Incident>,
    #[serde(default)]
    scheduled_maintenances: Vec<Incident>,
}

#[derive(Deserialize)]
struct Page {
    #[serde(default)]
    id: String,
    name: String,
    #[serde(default)]
    url: String,
}

#[derive(Deserialize)]
struct Component {
    #[serde(default)]
    id: String,
    name: String,
    status: String,
    #[serde(default)]
    updated_at: Option<String>,
}

/// An incident or a scheduled maintenance (same shape).
#[derive(Deserialize)]
struct Incident {
    id: String,
    name: String,
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    impact: Option<String>,
    #[serde(default)]
    created_at: Option<String>,
    #[serde(default)]
    updated_at: Option<String>,
    #[serde(default)]
    scheduled_for: Option<String>,
    #[serde(default)]
    scheduled_until: Option<String>,
    #[serde(default)]
    shortlink: Option<String>,
    #[serde(default)]
    incident_updates: Vec<IncidentUpdate>,
    #[serde(default)]
    components: Vec<ComponentRef>,
}

#[derive(Deserialize)]
struct IncidentUpdate {
    #[serde(default)]
    body: Option<String>,
}

#[derive(Deserialize)]
struct ComponentRef {
    name: String,
}

/// Turns a Statuspage `summary.json` into items: each incident and scheduled maintenance, plus
/// one item listing the components that are not operational (if any).
pub fn status_page(json: &str) -> Result<ParsedFeed, FetchError> {
    let summary: Summary =
        serde_json::from_str(json).map_err(|e| shape_error("Statuspage summary.json", &e))?;
    let page_url = clean(&summary.page.url).into_owned();
    let mut items: Vec<ParsedItem> = summary
        .incidents
        .iter()
        .map(|i| incident_item(i, &page_url, false))
        .chain(
            summary
                .scheduled_maintenances
                .iter()
                .map(|i| incident_item(i, &page_url, true)),
        )
        .collect();
    if let Some(item) = degraded_components(&summary.page, &summary.components) {
        items.push(item);
    }
    items.truncate(MAX_ITEMS);
    Ok(ParsedFeed {
        title: Some(plain_title(&summary.page.name)),
        lang: None,
        items,
    })
}

fn incident_item(incident: &Incident, page_url: &str, maintenance: bool) -> ParsedItem {
    let mut facts = Vec::new();
    if let Some(status) = &incident.status {
        facts.push(format!("Status: {}.", status.replace('_', " ")));
    }
    if let Some(impact) = incident.impact.as_deref().filter(|i| *i != "none") {
        facts.push(format!("Impact: {impact}."));
    }
    if let (Some(from), Some(until)) = (&incident.scheduled_for, &incident.scheduled_until) {
        facts.push(format!("Scheduled from {from} until {until}."));
    }
    let mut paragraphs = vec![facts.join(" ")];
    // Statuspage lists updates newest first; the newest says where things stand.
    if let Some(body) = incident
        .incident_updates
        .iter()
        .find_map(|u| u.body.as_deref())
    {
        paragraphs.push(body.to_owned());
    }
    if !incident.components.is_empty() {
        let names: Vec<&str> = incident
            .components
            .iter()
            .map(|c| c.name.as_str())
            .collect();
        paragraphs.push(format!("Affected: {}.", names.join(", ")));
    }
    let prefix = if maintenance { "Maintenance: " } else { "" };
    ParsedItem {
        guid: Some(clean(&incident.id).into_owned()),
        url: incident
            .shortlink
            .as_deref()
            .map(|s| clean(s).into_owned())
            .or_else(|| {
                (!page_url.is_empty())
                    .then(|| format!("{page_url}/incidents/{}", clean(&incident.id)))
            }),
        title: plain_title(&format!("{prefix}{}", incident.name)),
        text: join_paragraphs(&paragraphs),
        published: incident.created_at.as_deref().and_then(parse_lenient_date),
        updated: incident.updated_at.as_deref().and_then(parse_lenient_date),
        extracted: None,
    }
}

/// One item naming every component not `operational`; its guid changes when the set does.
fn degraded_components(page: &Page, components: &[Component]) -> Option<ParsedItem> {
    let degraded: Vec<&Component> = components
        .iter()
        .filter(|c| c.status != "operational")
        .collect();
    if degraded.is_empty() {
        return None;
    }
    let lines: Vec<String> = degraded
        .iter()
        .map(|c| format!("{}: {}", c.name, c.status.replace('_', " ")))
        .collect();
    let key: Vec<String> = degraded
        .iter()
        .map(|c| format!("{}={}", c.id, c.status))
        .collect();
    let latest: Option<DateTime<Utc>> = degraded
        .iter()
        .filter_map(|c| c.updated_at.as_deref().and_then(parse_lenient_date))
        .max();
    Some(ParsedItem {
        guid: Some(clean(&format!("{}:components:{}", page.id, key.join(","))).into_owned()),
        url: (!page.url.is_empty()).then(|| clean(&page.url).into_owned()),
        title: plain_title(&format!("{}: components not operational", page.name)),
        text: join_paragraphs(&lines),
        published: latest,
        updated: latest,
        extracted: None,
    })
}

/// `/api/v1/models` (only the fields we use).
#[derive(Deserialize)]
struct Catalog {
    data: Vec<CatalogModel>,
}

#[derive(Deserialize)]
struct CatalogModel {
    id: String,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    created: Option<i64>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    context_length: Option<u64>,
    #[serde(default)]
    pricing: Option<Pricing>,
}

/// Prices in US dollars per token, as decimal strings.
#[derive(Deserialize)]
struct Pricing {
    #[serde(default)]
    prompt: Option<String>,
    #[serde(default)]
    completion: Option<String>,
}

/// Turns a model catalogue into one item per model: title = name, text = description, context
/// length and pricing, published = `created`, url = the model's page.
pub fn model_catalog(json: &str) -> Result<ParsedFeed, FetchError> {
    let catalog: Catalog = serde_json::from_str(json)
        .map_err(|e| shape_error("model catalogue ({\"data\": [...]})", &e))?;
    let items = catalog
        .data
        .iter()
        .take(MAX_ITEMS)
        .map(model_item)
        .collect();
    Ok(ParsedFeed {
        title: None,
        lang: Some("en".to_owned()),
        items,
    })
}

fn model_item(model: &CatalogModel) -> ParsedItem {
    let mut paragraphs = Vec::new();
    if let Some(description) = &model.description {
        paragraphs.push(description.clone());
    }
    if let Some(context) = model.context_length {
        paragraphs.push(format!("Context length: {context} tokens."));
    }
    if let Some(pricing) = &model.pricing {
        paragraphs.push(pricing_line(pricing));
    }
    ParsedItem {
        guid: Some(clean(&model.id).into_owned()),
        url: Some(format!("https://openrouter.ai/{}", clean(&model.id))),
        title: plain_title(model.name.as_deref().unwrap_or(&model.id)),
        text: join_paragraphs(&paragraphs),
        published: model.created.and_then(|t| DateTime::from_timestamp(t, 0)),
        updated: None,
        extracted: None,
    }
}

/// "Pricing: $0.075 per 1M input tokens, $0.15 per 1M output tokens." or "Pricing: free."
fn pricing_line(pricing: &Pricing) -> String {
    let per_million = |p: &Option<String>| -> Option<f64> {
        p.as_deref()?
            .trim()
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite() && *v >= 0.0)
            .map(|v| v * 1e6)
    };
    match (
        per_million(&pricing.prompt),
        per_million(&pricing.completion),
    ) {
        (Some(i), Some(o)) if i == 0.0 && o == 0.0 => "Pricing: free.".to_owned(),
        (i, o) => {
            let parts: Vec<String> = [(i, "input"), (o, "output")]
                .into_iter()
                .filter_map(|(v, what)| v.map(|v| format!("${} per 1M {what} tokens", dollars(v))))
                .collect();
            if parts.is_empty() {
                "Pricing: unknown.".to_owned()
            } else {
                format!("Pricing: {}.", parts.join(", "))
            }
        }
    }
}

/// Dollars with at most four decimals and no trailing zeros (`75`, `0.15`).
fn dollars(v: f64) -> String {
    let s = format!("{v:.4}");
    s.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// Converts each paragraph to plain text and joins them with blank lines, within the text cap.
fn join_paragraphs(paragraphs: &[impl AsRef<str>]) -> String {
    let converted: Vec<String> = paragraphs
        .iter()
        .map(|p| plain_text(p.as_ref()))
        .filter(|p| !p.is_empty())
        .collect();
    cap_chars(converted.join("\n\n"), MAX_TEXT_CHARS)
}

fn shape_error(expected: &str, e: &serde_json::Error) -> FetchError {
    FetchError::Parse(match e.classify() {
        serde_json::error::Category::Data => {
            format!("unknown JSON shape, expected a {expected}: {e}")
        }
        _ => format!("JSON error at line {}: {e}", e.line()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pricing_is_per_million_tokens() {
        let p = Pricing {
            prompt: Some("0.000075".into()),
            completion: Some("0.00015".into()),
        };
        assert_eq!(
            pricing_line(&p),
            "Pricing: $75 per 1M input tokens, $150 per 1M output tokens."
        );
        let free = Pricing {
            prompt: Some("0".into()),
            completion: Some("0".into()),
        };
        assert_eq!(pricing_line(&free), "Pricing: free.");
    }

    #[test]
    fn wrong_shapes_are_specific_errors() {
        let err = model_catalog(r#"{"models": []}"#).unwrap_err().to_string();
        assert!(
            err.contains("unknown JSON shape") && err.contains("data"),
            "{err}"
        );
        let err = status_page(r#"{"incidents": []}"#).unwrap_err().to_string();
        assert!(err.contains("Statuspage") && err.contains("page"), "{err}");
        let err = status_page("{\n\"page\": ").unwrap_err().to_string();
        assert!(err.starts_with("JSON error at line 2"), "{err}");
    }

    #[test]
    fn all_operational_gives_no_component_item() {
        let json = r#"{"page":{"id":"p","name":"P","url":"https://s"},
            "components":[{"id":"c","name":"API","status":"operational"}]}"#;
        assert!(status_page(json).unwrap().items.is_empty());
    }
}
