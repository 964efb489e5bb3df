//! The site's own pages: the fleet index, each system's history and its
//! `latest/` redirect, drawn by embedded Tera templates from small views of
//! the week summaries (never from text read back), and the sitemap.

use serde::Serialize;

use super::chart;
use super::summary::{OpenCounts, WeekSummary};
use crate::model::{Decision, Severity, Status, Timestamp, Tone};
use crate::render::html::CONTENT_SECURITY_POLICY;

/// How many weeks the status grid of a history page shows.
pub const GRID_WEEKS: usize = 12;

/// How many weeks a sparkline of the index draws.
pub const SPARK_WEEKS: usize = 8;

/// How many of the fleet's worst open findings the index lists.
pub const FLEET_WORST: usize = 10;

/// The site's templates, by name (the report's style sheet among them).
pub const TEMPLATES: [(&str, &str); 7] = [
    (
        "site/base.html.tera",
        include_str!("../../templates/site/base.html.tera"),
    ),
    (
        "site/index.html.tera",
        include_str!("../../templates/site/index.html.tera"),
    ),
    (
        "site/history.html.tera",
        include_str!("../../templates/site/history.html.tera"),
    ),
    (
        "site/redirect.html.tera",
        include_str!("../../templates/site/redirect.html.tera"),
    ),
    (
        "site/counts.html.tera",
        include_str!("../../templates/site/counts.html.tera"),
    ),
    (
        "site/site.css",
        include_str!("../../templates/site/site.css"),
    ),
    (
        "html/style.css",
        include_str!("../../templates/html/style.css"),
    ),
];

/// The site's templates, parsed once per run.
pub struct SitePages {
    tera: tera::Tera,
    footer: String,
}

/// One system: its weeks, oldest first (never empty).
pub struct System<'a> {
    /// Its weeks.
    pub weeks: Vec<&'a WeekSummary>,
    /// Which formats each week's folder holds, as (file name, label).
    pub formats: Vec<Vec<(String, &'static str)>>,
}

impl System<'_> {
    fn latest(&self) -> &WeekSummary {
        self.weeks.last().expect("a system has a week")
    }
}

#[derive(Serialize)]
struct DateView {
    text: String,
    iso: String,
}

impl From<Timestamp> for DateView {
    fn from(t: Timestamp) -> Self {
        DateView {
            text: t.0.format("%Y-%m-%d").to_string(),
            iso: t.rfc3339(),
        }
    }
}

#[derive(Serialize)]
struct BadgeView {
    tone: &'static str,
    icon: &'static str,
    word: &'static str,
}

fn badge(tone: Tone, word: &'static str) -> BadgeView {
    BadgeView {
        tone: tone.name(),
        icon: tone.glyph(),
        word,
    }
}

fn status_badge(s: Status) -> BadgeView {
    badge(s.tone(), s.word())
}

fn decision_badge(d: Decision) -> BadgeView {
    badge(d.tone(), d.word())
}

fn severity_badge(s: Severity) -> BadgeView {
    badge(s.tone().0, severity_word(s))
}

fn severity_word(s: Severity) -> &'static str {
    match s {
        Severity::Critical => "CRITICAL",
        Severity::High => "HIGH",
        Severity::Medium => "MEDIUM",
        Severity::Low => "LOW",
        Severity::Info => "INFO",
    }
}

#[derive(Serialize)]
struct CountsView {
    critical: u32,
    high: u32,
    medium: u32,
    low: u32,
    total: u32,
}

impl From<OpenCounts> for CountsView {
    fn from(c: OpenCounts) -> Self {
        CountsView {
            critical: c.critical,
            high: c.high,
            medium: c.medium,
            low: c.low,
            total: c.total(),
        }
    }
}

#[derive(Serialize)]
struct SystemRow {
    id: String,
    system: String,
    latest_href: String,
    history_href: String,
    weeks: usize,
    status: BadgeView,
    decision: BadgeView,
    date: DateView,
    open: CountsView,
    overdue: u32,
    sparkline: String,
}

#[derive(Serialize)]
struct DecisionCount {
    badge: BadgeView,
    count: usize,
}

#[derive(Serialize)]
struct WorstView {
    id: String,
    title: String,
    badge: BadgeView,
    system: String,
    component: String,
    href: String,
}

#[derive(Serialize)]
struct IndexView<'a> {
    csp: &'a str,
    tone_css: String,
    footer: &'a str,
    title: &'a str,
    latest_date: Option<DateView>,
    decisions: Vec<DecisionCount>,
    worst: Vec<WorstView>,
    worst_more: usize,
    systems: Vec<SystemRow>,
}

#[derive(Serialize)]
struct FormatLink {
    href: String,
    label: &'static str,
}

#[derive(Serialize)]
struct WeekRow {
    href: String,
    date: DateView,
    status: BadgeView,
    decision: BadgeView,
    open: CountsView,
    opened: u32,
    closed: u32,
    overdue: u32,
    formats: Vec<FormatLink>,
}

#[derive(Serialize)]
struct GridRow {
    name: String,
    cells: Vec<Option<BadgeView>>,
}

#[derive(Serialize)]
struct GridView {
    shown: usize,
    dates: Vec<DateView>,
    rows: Vec<GridRow>,
    svg: String,
}

#[derive(Serialize)]
struct HistoryView<'a> {
    csp: &'a str,
    tone_css: String,
    footer: &'a str,
    id: &'a str,
    system: &'a str,
    latest_href: String,
    latest_date: DateView,
    weeks: Vec<WeekRow>,
    grid: GridView,
}

#[derive(Serialize)]
struct RedirectView<'a> {
    csp: &'a str,
    tone_css: String,
    footer: &'a str,
    system: &'a str,
    target: String,
    date: DateView,
}

/// The order of the index: worst status first, then worst decision, then
/// by name and id (ties never left to input order).
pub fn index_order(a: &System<'_>, b: &System<'_>) -> std::cmp::Ordering {
    let (x, y) = (a.latest(), b.latest());
    y.status
        .cmp(&x.status)
        .then_with(|| y.decision.cmp(&x.decision))
        .then_with(|| x.system.cmp(&y.system))
        .then_with(|| x.id.cmp(&y.id))
}

impl SitePages {
    /// Parses the embedded templates.
    pub fn new() -> SitePages {
        let mut tera = tera::Tera::default();
        tera.add_raw_templates(TEMPLATES)
            .expect("the embedded site templates parse");
        tera.autoescape_on(vec![".html.tera"]);
        // The five characters that matter in HTML text and quoted
        // attributes; Tera's default also writes `/` as `&#x2F;`, which
        // makes every link unreadable in the source.
        tera.set_escape_fn(chart::xml_escape);
        SitePages {
            tera,
            footer: format!("Made by readiness {}.", env!("CARGO_PKG_VERSION")),
        }
    }

    fn render(&self, name: &str, view: &impl Serialize) -> Vec<u8> {
        let context = tera::Context::from_serialize(view).expect("the site views serialize");
        self.tera
            .render(name, &context)
            .unwrap_or_else(|e| panic!("the embedded template {name} renders: {e:?}"))
            .into_bytes()
    }

    /// The fleet index (`index.html`), `systems` in [`index_order`].
    pub fn index(&self, title: &str, systems: &[System<'_>]) -> Vec<u8> {
        let latest_date = systems.iter().map(|s| s.latest().date).max();
        let decisions = [Decision::Go, Decision::ConditionalGo, Decision::NoGo]
            .into_iter()
            .map(|d| DecisionCount {
                badge: decision_badge(d),
                count: systems.iter().filter(|s| s.latest().decision == d).count(),
            })
            .collect();
        let mut worst: Vec<WorstView> = Vec::new();
        let mut all: Vec<(&WeekSummary, &super::summary::WorstFinding)> = systems
            .iter()
            .flat_map(|s| s.latest().worst.iter().map(move |f| (s.latest(), f)))
            .collect();
        all.sort_by(|(sa, a), (sb, b)| {
            a.severity
                .cmp(&b.severity)
                .then_with(|| sa.system.cmp(&sb.system))
                .then_with(|| sa.id.cmp(&sb.id))
                .then_with(|| a.id.cmp(&b.id))
        });
        // Each week keeps only its worst few: count the rest from the
        // summaries' totals, so the "more" line is exact.
        let total: usize = systems
            .iter()
            .map(|s| {
                let o = s.latest().open;
                o.critical as usize + o.high as usize
            })
            .sum();
        for (s, f) in all.into_iter().take(FLEET_WORST) {
            worst.push(WorstView {
                id: f.id.clone(),
                title: f.title.clone(),
                badge: severity_badge(f.severity),
                system: s.system.clone(),
                component: f.component.clone(),
                href: format!("{}/{}/index.html", s.id, s.folder()),
            });
        }
        let rows = systems
            .iter()
            .map(|s| {
                let w = s.latest();
                let recent = &s.weeks[s.weeks.len().saturating_sub(SPARK_WEEKS)..];
                SystemRow {
                    id: w.id.clone(),
                    system: w.system.clone(),
                    // The week itself: one hop fewer than `latest/`.
                    latest_href: format!("{}/{}/index.html", w.id, w.folder()),
                    history_href: format!("{}/index.html", w.id),
                    weeks: s.weeks.len(),
                    status: status_badge(w.status),
                    decision: decision_badge(w.decision),
                    date: w.date.into(),
                    open: w.open.into(),
                    overdue: w.overdue,
                    sparkline: chart::sparkline(recent),
                }
            })
            .collect();
        self.render(
            "site/index.html.tera",
            &IndexView {
                csp: CONTENT_SECURITY_POLICY,
                tone_css: crate::render::html::tone_css(),
                footer: &self.footer,
                title,
                latest_date: latest_date.map(Into::into),
                decisions,
                worst_more: total.saturating_sub(worst.len()),
                worst,
                systems: rows,
            },
        )
    }

    /// A system's history page (`ID/index.html`).
    pub fn history(&self, s: &System<'_>) -> Vec<u8> {
        let latest = s.latest();
        let weeks = s
            .weeks
            .iter()
            .zip(&s.formats)
            .rev()
            .map(|(w, formats)| WeekRow {
                href: format!("{}/index.html", w.folder()),
                date: w.date.into(),
                status: status_badge(w.status),
                decision: decision_badge(w.decision),
                open: w.open.into(),
                opened: w.opened,
                closed: w.closed,
                overdue: w.overdue,
                formats: formats
                    .iter()
                    .map(|(name, label)| FormatLink {
                        href: format!("{}/{}", w.folder(), percent_encode(name)),
                        label,
                    })
                    .collect(),
            })
            .collect();
        let shown = &s.weeks[s.weeks.len().saturating_sub(GRID_WEEKS)..];
        let grid = chart::StatusGrid::of(shown);
        let grid = GridView {
            shown: shown.len(),
            dates: shown.iter().map(|w| w.date.into()).collect(),
            svg: grid.svg(),
            rows: grid
                .rows
                .iter()
                .map(|row| GridRow {
                    name: row.name.clone(),
                    cells: row.cells.iter().map(|c| c.map(status_badge)).collect(),
                })
                .collect(),
        };
        self.render(
            "site/history.html.tera",
            &HistoryView {
                csp: CONTENT_SECURITY_POLICY,
                tone_css: crate::render::html::tone_css(),
                footer: &self.footer,
                id: &latest.id,
                system: &latest.system,
                // The stable address of the newest week.
                latest_href: "latest/index.html".to_owned(),
                latest_date: latest.date.into(),
                weeks,
                grid,
            },
        )
    }

    /// The page at `ID/latest/index.html`: a redirect to the newest week
    /// that works without a server (a refresh, and a link).
    pub fn latest(&self, s: &System<'_>) -> Vec<u8> {
        let w = s.latest();
        self.render(
            "site/redirect.html.tera",
            &RedirectView {
                csp: CONTENT_SECURITY_POLICY,
                tone_css: crate::render::html::tone_css(),
                footer: &self.footer,
                system: &w.system,
                target: format!("../{}/index.html", w.folder()),
                date: w.date.into(),
            },
        )
    }
}

impl Default for SitePages {
    fn default() -> Self {
        SitePages::new()
    }
}

/// A file name as a URL path segment: everything but unreserved
/// characters percent-encoded (an earlier build's PDF may be named with a
/// space or a `#`).
fn percent_encode(name: &str) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(name.len());
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// `sitemap.xml`: every page of the site under `base` (which ends in `/`),
/// in the order given.
pub fn sitemap(base: &str, pages: &[String]) -> Vec<u8> {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for page in pages {
        xml.push_str("  <url><loc>");
        xml.push_str(&chart::xml_escape(&format!("{base}{page}")));
        xml.push_str("</loc></url>\n");
    }
    xml.push_str("</urlset>\n");
    xml.into_bytes()
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_file_name_is_one_path_segment() {
        assert_eq!(super::percent_encode("a b#1.PDF"), "a%20b%231.PDF");
        assert_eq!(super::percent_encode("report.pdf"), "report.pdf");
    }
}
