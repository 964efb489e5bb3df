//! The action timeline's time axis, shared by the HTML and PDF renderers so
//! both draw the same chart from the same data.
//!
//! The axis is piecewise linear: every horizon band gets the same width and
//! time runs linearly inside a band. A plain linear axis would squeeze the
//! 24-hour band into a sliver next to a two-month band (1/60 of the width);
//! a log axis has no zero at the assessment date. Equal bands keep every
//! horizon readable; the renderers label each band boundary with its real
//! date, so the distortion is stated on the chart itself. Dates after the
//! last horizon (a late review, a late due date) get an extra half-width
//! "Later" band; due dates before the assessment (overdue actions) a
//! half-width "Past" band left of the assessment marker.
//!
//! Positions are fractions of the plot width (0 at the left edge, 1 at the
//! right); each renderer maps them to its own units.

use chrono::{DateTime, FixedOffset};

use super::chart::TimelineChart;
use crate::model::Tone;

/// Short display date, e.g. "Oct 7".
pub(crate) fn short_date(t: &DateTime<FixedOffset>) -> String {
    t.format("%b %-d").to_string()
}

/// One band of the axis: times `t0..t1` (Unix seconds) drawn over the
/// fractions `f0..f1` of the plot width.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct AxisBand {
    pub t0: i64,
    pub t1: i64,
    pub f0: f64,
    pub f1: f64,
    /// The horizon's label, or "Past" / "Later".
    pub label: String,
    /// The horizon's colour family; `None` for "Past" and "Later".
    pub tone: Option<Tone>,
}

/// A timeline's parsed dates and its axis.
#[derive(Debug)]
pub(crate) struct TimelineAxis {
    pub start: DateTime<FixedOffset>,
    pub review: DateTime<FixedOffset>,
    /// Due date of each action, in order.
    pub dues: Vec<DateTime<FixedOffset>>,
    /// The bands, left to right; never empty.
    pub bands: Vec<AxisBand>,
}

impl TimelineAxis {
    /// Checks the chart's dates and lays out the bands. Validation rejects
    /// what would fail here (horizons out of order), so an error is a bug.
    pub fn new(c: &TimelineChart) -> Result<Self, String> {
        if c.horizons.is_empty() {
            return Err("a timeline needs at least one horizon".into());
        }
        let start = c.start.0.fixed_offset();
        let review = c.review.0.fixed_offset();
        let ends: Vec<_> = c.horizons.iter().map(|h| h.end.0.fixed_offset()).collect();
        let mut prev = start;
        for (h, end) in c.horizons.iter().zip(&ends) {
            if *end <= prev {
                return Err(format!(
                    "horizon {:?} must end after the previous one and after the start",
                    h.label
                ));
            }
            prev = *end;
        }
        let dues: Vec<_> = c.actions.iter().map(|a| a.due.0.fixed_offset()).collect();
        if let Some(a) = c.actions.iter().find(|a| a.horizon >= c.horizons.len()) {
            return Err(format!(
                "action {:?} names a horizon that does not exist",
                a.key
            ));
        }

        let t_start = start.timestamp();
        let last_end = ends.last().expect("checked non-empty").timestamp();
        let earliest = dues.iter().map(DateTime::timestamp).fold(t_start, i64::min);
        let latest = dues
            .iter()
            .map(DateTime::timestamp)
            .fold(review.timestamp(), i64::max);
        // (t0, t1, weight, label, tone)
        let mut parts: Vec<(i64, i64, f64, String, Option<Tone>)> = Vec::new();
        if earliest < t_start {
            parts.push((earliest, t_start, 0.5, "Past".into(), None));
        }
        let mut t0 = t_start;
        for (h, end) in c.horizons.iter().zip(&ends) {
            parts.push((t0, end.timestamp(), 1.0, h.label.clone(), Some(h.tone)));
            t0 = end.timestamp();
        }
        if latest > last_end {
            parts.push((last_end, latest, 0.5, "Later".into(), None));
        }
        let total: f64 = parts.iter().map(|p| p.2).sum();
        let mut f = 0.0;
        let bands = parts
            .into_iter()
            .map(|(t0, t1, weight, label, tone)| {
                let f1 = f + weight / total;
                let band = AxisBand {
                    t0,
                    t1,
                    f0: f,
                    f1,
                    label,
                    tone,
                };
                f = f1;
                band
            })
            .collect();
        Ok(TimelineAxis {
            start,
            review,
            dues,
            bands,
        })
    }

    /// Where time `t` (Unix seconds) falls, as a fraction of the plot width.
    pub fn fraction(&self, t: i64) -> f64 {
        let band = self
            .bands
            .iter()
            .find(|b| t <= b.t1)
            .unwrap_or_else(|| self.bands.last().expect("at least one band"));
        if band.t1 == band.t0 {
            return band.f0;
        }
        let f = ((t - band.t0) as f64 / (band.t1 - band.t0) as f64).clamp(0.0, 1.0);
        band.f0 + f * (band.f1 - band.f0)
    }

    /// Unix time `t` as a date in the assessment's UTC offset.
    pub fn local(&self, t: i64) -> DateTime<FixedOffset> {
        DateTime::from_timestamp(t, 0)
            .expect("within the parsed dates' range")
            .with_timezone(self.start.offset())
    }

    /// The band boundaries left to right (Unix seconds): where ticks go.
    pub fn boundaries(&self) -> impl Iterator<Item = i64> + '_ {
        std::iter::once(self.bands[0].t0).chain(self.bands.iter().map(|b| b.t1))
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::document::chart::{ChartAction, ChartHorizon};
    use crate::model::{ActionState, Timestamp};

    fn t(s: &str) -> Timestamp {
        Timestamp::parse(s).unwrap()
    }

    /// Three horizons and an action in each state, one overdue before
    /// the assessment (so there is a "Past" band). Titles hold markup, for
    /// the renderers' escaping tests.
    pub(crate) fn chart() -> TimelineChart {
        let h = |label: &str, end: &str, tone| ChartHorizon {
            label: label.into(),
            end: t(end),
            tone,
        };
        let a = |key: &str, horizon, due: &str, state| ChartAction {
            key: key.into(),
            title: format!("Action {key} <b>&</b>"),
            horizon,
            due: t(due),
            state,
        };
        TimelineChart {
            start: t("2025-09-30T14:57:00Z"),
            review: t("2025-10-07T14:57:00Z"),
            horizons: vec![
                h("Immediate (24 hours)", "2025-10-01T14:57:00Z", Tone::Bad),
                h("Short-term (1-2 weeks)", "2025-10-14T14:57:00Z", Tone::Warn),
                h("Long-term (1-2 months)", "2025-11-30T14:57:00Z", Tone::Good),
            ],
            actions: vec![
                a("A1", 0, "2025-10-01T14:57:00Z", ActionState::Open),
                a("A2", 1, "2025-10-14T14:57:00Z", ActionState::Done),
                a("A3", 0, "2025-09-28", ActionState::Overdue),
            ],
            omitted: 0,
        }
    }

    #[test]
    fn each_horizon_gets_the_same_width() {
        let axis = TimelineAxis::new(&chart()).unwrap();
        // Past band (overdue A3) + three horizons.
        assert_eq!(axis.bands.len(), 4);
        let widths: Vec<f64> = axis.bands.iter().map(|b| b.f1 - b.f0).collect();
        assert!((widths[1] - widths[2]).abs() < 1e-12 && (widths[2] - widths[3]).abs() < 1e-12);
        assert!((widths[0] - widths[1] / 2.0).abs() < 1e-12);
        assert!((axis.bands.last().unwrap().f1 - 1.0).abs() < 1e-12);
        // The assessment sits where the first horizon starts; its end (24 h
        // later) a full band further, not 1/60 of the plot.
        let start = axis.start.timestamp();
        assert!((axis.fraction(start) - axis.bands[1].f0).abs() < 1e-12);
        assert!((axis.fraction(start + 86_400) - axis.bands[1].f1).abs() < 1e-12);
    }

    #[test]
    fn later_band_holds_dates_past_the_last_horizon() {
        let mut c = chart();
        c.review = t("2026-01-15T00:00:00Z");
        let axis = TimelineAxis::new(&c).unwrap();
        assert_eq!(axis.bands.last().unwrap().label, "Later");
        assert!((axis.fraction(axis.review.timestamp()) - 1.0).abs() < 1e-12);
        assert_eq!(axis.boundaries().count(), axis.bands.len() + 1);
    }

    #[test]
    fn rejects_disordered_horizons_and_bad_indices() {
        let mut c = chart();
        c.actions[0].horizon = 7;
        assert!(TimelineAxis::new(&c).is_err());
        let mut c = chart();
        c.horizons[2].end = t("2025-10-02T00:00:00Z");
        assert!(TimelineAxis::new(&c).is_err());
        let mut c = chart();
        c.horizons.clear();
        assert!(TimelineAxis::new(&c).is_err());
    }
}
