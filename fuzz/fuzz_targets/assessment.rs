//! A whole assessment made by `arbitrary`: components, findings, actions,
//! risks and notes with arbitrary text, every severity, status and
//! horizon, dates over ten years and several offsets, sometimes the 3×4
//! rules. Written as TOML, loaded and scored; when valid, rendered in
//! every format, which must succeed (a renderer error on valid input is
//! a bug).
#![no_main]

use std::path::Path;

use arbitrary::{Arbitrary, Unstructured};
use chrono::{DateTime, Duration, FixedOffset, TimeZone, Utc};
use libfuzzer_sys::fuzz_target;
use readiness_fuzz::{RULES_3X4, all_formats, scratch};
use serde::Serialize;

/// Plain text: a title, a name, a note.
#[derive(Debug, Clone, Serialize)]
#[serde(transparent)]
struct Text(String);

impl<'a> Arbitrary<'a> for Text {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        Ok(Text(cut(String::arbitrary(u)?, 120)))
    }
}

/// Markdown: a detail, a note.
#[derive(Debug, Clone, Serialize)]
#[serde(transparent)]
struct Md(String);

impl<'a> Arbitrary<'a> for Md {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        Ok(Md(cut(String::arbitrary(u)?, 400)))
    }
}

/// Long labels are cut in quadratic time by the PDF (issue 11, fixed
/// elsewhere): keep texts short enough not to time out on that.
fn cut(s: String, max: usize) -> String {
    s.chars().take(max).collect()
}

/// A date-time within ten years from 2020, at one of a few offsets.
#[derive(Debug, Clone, Copy)]
struct Date(DateTime<FixedOffset>);

impl<'a> Arbitrary<'a> for Date {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        let secs = u.int_in_range(0..=10 * 366 * 86_400i64)?;
        let offset = *u.choose(&[0, 2 * 3600, -(5 * 3600 + 1800), 14 * 3600, -12 * 3600])?;
        let start = Utc.with_ymd_and_hms(2020, 1, 1, 0, 0, 0).unwrap();
        let t = start + Duration::seconds(secs);
        Ok(Date(
            t.with_timezone(&FixedOffset::east_opt(offset).unwrap()),
        ))
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
    }
}

macro_rules! words {
    ($name:ident { $($variant:ident = $word:literal),* $(,)? }) => {
        #[derive(Debug, Clone, Copy, Arbitrary)]
        enum $name { $($variant),* }
        impl Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(match self { $(Self::$variant => $word),* })
            }
        }
    };
}

words!(Severity { Critical = "critical", High = "high", Medium = "medium", Low = "low", Info = "info" });
words!(FindingStatus { Open = "open", Resolved = "resolved", Accepted = "accepted" });
words!(ActionStatus { Open = "open", Done = "done" });
words!(Horizon { Immediate = "immediate", ShortTerm = "short-term", LongTerm = "long-term" });
words!(Status { Green = "green", Yellow = "yellow", Red = "red" });
words!(Health { Excellent = "excellent", Good = "good", Fair = "fair", Poor = "poor" });

// ---- What the fuzzer chooses (references are indices, resolved later).

#[derive(Debug, Arbitrary)]
struct Input {
    title: Text,
    subtitle: Option<Text>,
    system: Text,
    version: Text,
    date: Date,
    assessor: Text,
    scope: Text,
    contact: Text,
    review_interval_days: u16,
    method_note: Option<Md>,
    status_note: Option<Text>,
    decision_note: Option<Text>,
    recommendation: Option<Md>,
    qualifier: Option<Text>,
    notes: Option<Md>,
    timeline: Option<Md>,
    key_issues: Vec<(Text, Text, Vec<u8>)>,
    checklist: Vec<(Text, bool, Option<u8>)>,
    strengths: Vec<(Text, Option<Md>)>,
    improvements: Vec<(Text, Option<Md>)>,
    /// At least one: an assessment without components is refused.
    component: InComponent,
    components: Vec<InComponent>,
    plan: Option<Vec<InAction>>,
    risks: Option<Vec<InRisk>>,
    rules_3x4: bool,
}

#[derive(Debug, Arbitrary)]
struct InComponent {
    name: Text,
    order: i8,
    summary: Option<Md>,
    status_note: Option<Text>,
    health_note: Option<Text>,
    headings: (Option<Text>, Option<Text>, Option<Text>),
    assessor: Option<(Option<Status>, Option<Health>, Text)>,
    findings: Vec<InFinding>,
    strengths: Vec<(Text, Option<Md>)>,
    actions: Vec<InAction>,
}

#[derive(Debug, Arbitrary)]
struct InFinding {
    title: Text,
    detail: Option<Md>,
    severity: Severity,
    status: FindingStatus,
    source: Option<Text>,
    evidence: Option<Text>,
    observed_at: Option<Date>,
    /// In findings/ rather than in the component's file.
    outside: bool,
}

#[derive(Debug, Arbitrary)]
struct InAction {
    horizon: Horizon,
    title: Text,
    detail: Option<Md>,
    findings: Vec<u8>,
    owner: Option<Text>,
    status: ActionStatus,
    due: Option<Date>,
}

#[derive(Debug, Arbitrary)]
struct InRisk {
    title: Text,
    impact: u8,
    likelihood: u8,
    findings: Vec<u8>,
    assessor: Option<(Horizon, Text)>,
}

// ---- The files, as the input format spells them.

#[derive(Serialize)]
struct AssessmentFile {
    id: &'static str,
    title: Text,
    #[serde(skip_serializing_if = "Option::is_none")]
    subtitle: Option<Text>,
    system: Text,
    version: Text,
    date: Date,
    assessor: Text,
    scope: Text,
    contact: Text,
    review_interval_days: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    method_note: Option<Md>,
    summary: Summary,
    decision: Decision,
    key_issue: Vec<KeyIssue>,
    checklist: Vec<ChecklistItem>,
    stack: Stack,
}

#[derive(Serialize)]
struct Summary {
    #[serde(skip_serializing_if = "Option::is_none")]
    status_note: Option<Text>,
    #[serde(skip_serializing_if = "Option::is_none")]
    decision_note: Option<Text>,
    #[serde(skip_serializing_if = "Option::is_none")]
    recommendation: Option<Md>,
}

#[derive(Serialize)]
struct Decision {
    #[serde(skip_serializing_if = "Option::is_none")]
    qualifier: Option<Text>,
    #[serde(skip_serializing_if = "Option::is_none")]
    notes: Option<Md>,
    #[serde(skip_serializing_if = "Option::is_none")]
    timeline: Option<Md>,
}

#[derive(Serialize)]
struct KeyIssue {
    title: Text,
    detail: Text,
    findings: Vec<String>,
}

#[derive(Serialize)]
struct ChecklistItem {
    text: Text,
    done: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    action: Option<String>,
}

#[derive(Serialize)]
struct Stack {
    strength: Vec<Note>,
    improvement: Vec<Note>,
}

#[derive(Serialize)]
struct Note {
    title: Text,
    #[serde(skip_serializing_if = "Option::is_none")]
    detail: Option<Md>,
}

#[derive(Serialize)]
struct ComponentFile {
    id: String,
    name: Text,
    order: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    summary: Option<Md>,
    #[serde(skip_serializing_if = "Option::is_none")]
    status_note: Option<Text>,
    #[serde(skip_serializing_if = "Option::is_none")]
    health_note: Option<Text>,
    headings: Headings,
    #[serde(skip_serializing_if = "Option::is_none")]
    assessor: Option<Override>,
    finding: Vec<Finding>,
    strength: Vec<Note>,
    action: Vec<Action>,
}

#[derive(Serialize)]
struct Headings {
    #[serde(skip_serializing_if = "Option::is_none")]
    strengths: Option<Text>,
    #[serde(skip_serializing_if = "Option::is_none")]
    issues: Option<Text>,
    #[serde(skip_serializing_if = "Option::is_none")]
    actions: Option<Text>,
}

#[derive(Serialize)]
struct Override {
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<Status>,
    #[serde(skip_serializing_if = "Option::is_none")]
    health: Option<Health>,
    reason: Text,
}

#[derive(Serialize)]
struct Finding {
    id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    component: Option<String>,
    title: Text,
    #[serde(skip_serializing_if = "Option::is_none")]
    detail: Option<Md>,
    severity: Severity,
    status: FindingStatus,
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<Text>,
    #[serde(skip_serializing_if = "Option::is_none")]
    evidence: Option<Text>,
    #[serde(skip_serializing_if = "Option::is_none")]
    observed_at: Option<Date>,
}

#[derive(Serialize)]
struct FindingsFile {
    finding: Vec<Finding>,
}

#[derive(Serialize)]
struct Action {
    id: String,
    horizon: Horizon,
    title: Text,
    #[serde(skip_serializing_if = "Option::is_none")]
    detail: Option<Md>,
    findings: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    owner: Option<Text>,
    status: ActionStatus,
    #[serde(skip_serializing_if = "Option::is_none")]
    due: Option<Date>,
}

#[derive(Serialize)]
struct PlanFile {
    action: Vec<Action>,
}

#[derive(Serialize)]
struct RisksFile {
    risk: Vec<Risk>,
}

#[derive(Serialize)]
struct Risk {
    id: String,
    title: Text,
    impact: &'static str,
    likelihood: &'static str,
    findings: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    assessor: Option<PriorityOverride>,
}

#[derive(Serialize)]
struct PriorityOverride {
    priority: Horizon,
    reason: Text,
}

const MAX: usize = 8;

fn notes(v: Vec<(Text, Option<Md>)>) -> Vec<Note> {
    v.into_iter()
        .take(MAX)
        .map(|(title, detail)| Note { title, detail })
        .collect()
}

fn nonblank(t: Text) -> Text {
    if t.0.trim().is_empty() {
        Text(format!("{}reason", t.0))
    } else {
        t
    }
}

fn pick(ids: &[String], picks: &[u8]) -> Vec<String> {
    if ids.is_empty() {
        return Vec::new();
    }
    picks
        .iter()
        .take(MAX)
        .map(|&i| ids[i as usize % ids.len()].clone())
        .collect()
}

fn toml<T: Serialize>(value: &T) -> String {
    toml::to_string(value).expect("the fuzz model serializes to TOML")
}

fn write(dir: &Path, name: &str, text: String) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// The files of the assessment, by path.
fn files(input: Input) -> Vec<(String, String)> {
    let components: Vec<InComponent> = std::iter::once(input.component)
        .chain(input.components)
        .take(MAX)
        .collect();
    // Ids first, so references can point anywhere.
    let mut finding_ids = Vec::new();
    for (c, comp) in components.iter().enumerate() {
        for f in 0..comp.findings.len().min(MAX) {
            finding_ids.push(format!("c{c}-f{f}"));
        }
    }
    let plan: Option<Vec<InAction>> = input.plan.map(|p| p.into_iter().take(MAX).collect());
    let mut action_ids = Vec::new();
    for (c, comp) in components.iter().enumerate() {
        for a in 0..comp.actions.len().min(MAX) {
            action_ids.push(format!("c{c}-a{a}"));
        }
    }
    for a in 0..plan.as_ref().map_or(0, Vec::len) {
        action_ids.push(format!("plan-{a}"));
    }
    let action = |id: String, a: InAction| Action {
        id,
        horizon: a.horizon,
        title: a.title,
        detail: a.detail,
        findings: pick(&finding_ids, &a.findings),
        owner: a.owner,
        status: a.status,
        due: a.due,
    };

    let mut out = Vec::new();
    let mut outside = Vec::new();
    for (c, comp) in components.into_iter().enumerate() {
        let id = format!("c{c}");
        let mut finding = Vec::new();
        for (f, x) in comp.findings.into_iter().take(MAX).enumerate() {
            let mut made = Finding {
                id: format!("c{c}-f{f}"),
                component: None,
                title: x.title,
                detail: x.detail,
                severity: x.severity,
                status: x.status,
                source: x.source,
                evidence: x.evidence,
                observed_at: x.observed_at,
            };
            if x.outside {
                made.component = Some(id.clone());
                outside.push(made);
            } else {
                finding.push(made);
            }
        }
        let file = ComponentFile {
            id: id.clone(),
            name: comp.name,
            order: comp.order.into(),
            summary: comp.summary,
            status_note: comp.status_note,
            health_note: comp.health_note,
            headings: Headings {
                strengths: comp.headings.0,
                issues: comp.headings.1,
                actions: comp.headings.2,
            },
            // An override needs a reason and a verdict: keep it valid.
            assessor: comp.assessor.map(|(status, health, reason)| Override {
                status: status.or(health.is_none().then_some(Status::Yellow)),
                health,
                reason: nonblank(reason),
            }),
            finding,
            strength: notes(comp.strengths),
            action: comp
                .actions
                .into_iter()
                .take(MAX)
                .enumerate()
                .map(|(a, x)| action(format!("c{c}-a{a}"), x))
                .collect(),
        };
        out.push((format!("components/{id}.toml"), toml(&file)));
    }
    if !outside.is_empty() {
        out.push((
            "findings/fuzz.toml".to_owned(),
            toml(&FindingsFile { finding: outside }),
        ));
    }
    if let Some(plan) = plan {
        let action = plan
            .into_iter()
            .enumerate()
            .map(|(a, x)| action(format!("plan-{a}"), x))
            .collect();
        out.push(("plan.toml".to_owned(), toml(&PlanFile { action })));
    }
    let (impacts, likelihoods): (&[&str], &[&str]) = if input.rules_3x4 {
        out.push(("rules.toml".to_owned(), RULES_3X4.to_owned()));
        (
            &["low", "medium", "high"],
            &["low", "medium", "likely", "certain"],
        )
    } else {
        (
            &["negligible", "low", "medium", "high", "severe"],
            &["rare", "low", "medium", "likely", "certain"],
        )
    };
    if let Some(risks) = input.risks {
        let risk = risks
            .into_iter()
            .take(MAX)
            .enumerate()
            .map(|(r, x)| Risk {
                id: format!("r{r}"),
                title: x.title,
                impact: impacts[x.impact as usize % impacts.len()],
                likelihood: likelihoods[x.likelihood as usize % likelihoods.len()],
                findings: pick(&finding_ids, &x.findings),
                assessor: x.assessor.map(|(priority, reason)| PriorityOverride {
                    priority,
                    reason: nonblank(reason),
                }),
            })
            .collect();
        out.push(("risks.toml".to_owned(), toml(&RisksFile { risk })));
    }
    let assessment = AssessmentFile {
        id: "fuzz",
        title: input.title,
        subtitle: input.subtitle,
        system: input.system,
        version: input.version,
        date: input.date,
        assessor: input.assessor,
        scope: input.scope,
        contact: input.contact,
        // Up to about 180 years: far dates are fine, overflow is not
        // what this target looks for (issue 11 has it).
        review_interval_days: 1 + u32::from(input.review_interval_days),
        method_note: input.method_note,
        summary: Summary {
            status_note: input.status_note,
            decision_note: input.decision_note,
            recommendation: input.recommendation,
        },
        decision: Decision {
            qualifier: input.qualifier,
            notes: input.notes,
            timeline: input.timeline,
        },
        key_issue: input
            .key_issues
            .into_iter()
            .take(MAX)
            .map(|(title, detail, f)| KeyIssue {
                title,
                detail,
                findings: pick(&finding_ids, &f),
            })
            .collect(),
        checklist: input
            .checklist
            .into_iter()
            .take(MAX)
            .map(|(text, done, a)| ChecklistItem {
                text,
                done,
                action: a
                    .filter(|_| !action_ids.is_empty())
                    .map(|a| action_ids[a as usize % action_ids.len()].clone()),
            })
            .collect(),
        stack: Stack {
            strength: notes(input.strengths),
            improvement: notes(input.improvements),
        },
    };
    out.push(("assessment.toml".to_owned(), toml(&assessment)));
    out
}

fuzz_target!(|input: Input| {
    let dir = scratch().join("assessment");
    let _ = std::fs::remove_dir_all(&dir);
    for (name, text) in files(input) {
        write(&dir, &name, text);
    }
    // Invalid input (an empty text where one is needed, no component…)
    // is reported: fine. Valid input must render.
    match readiness::assess(&dir) {
        Ok(scored) => {
            if let Err(e) = readiness::render(&scored, &all_formats(None)) {
                panic!("rendering a valid assessment failed: {e}");
            }
        }
        // READINESS_FUZZ_DEBUG=1 shows why inputs are refused, to keep
        // the generator producing mostly valid assessments.
        Err(d) if std::env::var_os("READINESS_FUZZ_DEBUG").is_some() => eprintln!("{d}"),
        Err(_) => {}
    }
});
