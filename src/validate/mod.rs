//! Validation: turns a parsed folder into a checked [`Assessment`].
//!
//! Checks what a parser cannot: ids are well-formed and unique, every
//! reference (component, finding, action, scale word) points at something
//! that exists, overrides give reasons, the rules are consistent. Every
//! problem is reported with the file and field it is in.

use std::collections::{BTreeMap, BTreeSet};

use crate::diag::{DATE_SUFFIX, Diagnostic, Diagnostics, Kind, MAX_FILE_NAME};
use crate::load::{FieldPath, LoadedAssessment};
use crate::model::{Action, AssessmentFile, Baseline, ComponentFile, Risk};
use crate::score::rules::{Rules, Window};

/// An assessment whose references all resolve: the input of scoring.
#[derive(Debug, Clone)]
pub struct Assessment {
    /// The assessment's own facts and texts.
    pub info: AssessmentFile,
    /// The components in report order (by `order`, then id), each holding
    /// every finding that names it: inline ones first, then those from
    /// `findings/`, in path order.
    pub components: Vec<ComponentFile>,
    /// The action plan.
    pub plan: Vec<Action>,
    /// The risk register.
    pub risks: Vec<Risk>,
    /// The rules in force: built-in, with the folder's rules.toml sections.
    pub rules: Rules,
    /// Last week's assessment, when there is one: what carries over and
    /// what changed are computed against it.
    pub baseline: Option<Baseline>,
}

/// `d` about a rules field; when `rules.toml` does not give that field
/// (the problem is in the built-in value it kept), a hint saying so.
fn builtin_hint(
    loaded: &LoadedAssessment,
    file: usize,
    path: &FieldPath,
    field: &str,
    d: Diagnostic,
) -> Diagnostic {
    if loaded.gives(file, path) {
        return d;
    }
    let name = loaded.sources[file].display.display().to_string();
    d.with_hint(format!(
        "{name} does not give `{field}`, so the built-in one is used: give it in {name} to match"
    ))
}

/// Whether `id` is a slug: lowercase letters, digits, `-`, `_`, `.`, starting
/// with a letter or digit (every id of the input).
pub fn is_slug(id: &str) -> bool {
    let mut chars = id.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && chars
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '_' | '.'))
}

/// Where an id was defined, for "first defined here" messages.
struct Seen {
    file: usize,
    path: FieldPath,
}

struct Checker<'a> {
    loaded: &'a LoadedAssessment,
    diags: Diagnostics,
    /// Findings the baseline knows (reported then, or no longer reported
    /// by then): a reference to one that is no longer reported resolves
    /// to that record rather than failing.
    earlier_findings: BTreeSet<&'a str>,
    /// The baseline could not be read (that is reported): it may know the
    /// findings referred to, so unknown ones are not reported as well.
    earlier_unknown: bool,
}

impl Checker<'_> {
    fn error(&mut self, file: usize, path: &FieldPath, kind: impl Into<Kind>) {
        let d = self.loaded.diagnostic(file, path, kind);
        self.diags.push(d);
    }

    fn slug(&mut self, file: usize, path: &FieldPath, id: &str, what: &'static str) {
        if !is_slug(id) {
            self.error(
                file,
                path,
                Kind::BadId {
                    what,
                    id: id.to_owned(),
                },
            );
        }
    }

    fn unique(
        &mut self,
        seen: &mut BTreeMap<String, Seen>,
        file: usize,
        path: FieldPath,
        id: &str,
        what: &'static str,
    ) {
        if let Some(first) = seen.get(id) {
            let label = self
                .loaded
                .label(first.file, &first.path, "first defined here");
            let kind = Kind::Duplicate {
                what,
                id: id.to_owned(),
            };
            let d = self.loaded.diagnostic(file, &path, kind).with_label(label);
            self.diags.push(d);
        } else {
            seen.insert(id.to_owned(), Seen { file, path });
        }
    }

    fn reference(
        &mut self,
        file: usize,
        path: &FieldPath,
        id: &str,
        what: &'static str,
        known: &BTreeMap<String, Seen>,
    ) {
        // A file that did not parse may define it.
        let earlier =
            what == "finding" && (self.earlier_unknown || self.earlier_findings.contains(id));
        if !known.contains_key(id) && !earlier && !self.loaded.incomplete() {
            let kind = Kind::UnknownReference {
                what,
                id: id.to_owned(),
                known: known.keys().cloned().collect(),
            };
            self.error(file, path, kind);
        }
    }

    fn scale_word(
        &mut self,
        file: usize,
        path: &FieldPath,
        word: &str,
        what: &str,
        allowed: &[&str],
    ) {
        if !allowed.contains(&word) {
            let kind = Kind::UnknownWord {
                what: what.to_owned(),
                word: word.to_owned(),
                expected: allowed.iter().map(|a| a.to_string()).collect(),
            };
            self.error(file, path, kind);
        }
    }
}

/// Checks a loaded folder; returns the checked assessment or every problem
/// found. A folder loaded incomplete ([`LoadedAssessment::incomplete`]) is
/// checked as far as it goes (references are not, since a file that did
/// not parse may define them) and always returns `Err`.
pub fn validate(loaded: &LoadedAssessment) -> Result<Assessment, Diagnostics> {
    validate_with(loaded, Earlier::None)
}

/// What validation knows of last week.
#[derive(Debug, Clone, Copy)]
pub enum Earlier<'a> {
    /// No baseline.
    None,
    /// Last week's assessment.
    Baseline(&'a Baseline),
    /// A baseline was asked for but could not be read (already reported).
    Unreadable,
}

/// [`validate`] against last week's assessment: references to findings it
/// knows resolve, and the checked assessment carries it for scoring.
pub fn validate_with(
    loaded: &LoadedAssessment,
    earlier: Earlier<'_>,
) -> Result<Assessment, Diagnostics> {
    let baseline = match earlier {
        Earlier::Baseline(b) => Some(b),
        _ => None,
    };
    let earlier_findings = baseline
        .map(|b| {
            b.findings()
                .map(|(_, f)| f.id.as_str())
                .chain(b.no_longer_reported.iter().map(|f| f.id.as_str()))
                .collect()
        })
        .unwrap_or_default();
    let mut c = Checker {
        loaded,
        diags: Diagnostics::default(),
        earlier_findings,
        earlier_unknown: matches!(earlier, Earlier::Unreadable),
    };
    let root = FieldPath::default();
    let info = &loaded.assessment;
    c.slug(info.file, &root.key("id"), &info.value.id, "assessment");
    // The output folder is `<id>-<YYYY-MM-DD>`: it must fit in a file name.
    let folder_len = info.value.id.len() + DATE_SUFFIX;
    if folder_len > MAX_FILE_NAME {
        let kind = Kind::IdTooLong {
            len: info.value.id.len(),
            folder_len,
        };
        c.error(info.file, &root.key("id"), kind);
    }
    if info.value.review_interval_days == 0 {
        c.error(
            info.file,
            &root.key("review_interval_days"),
            Kind::ZeroInterval,
        );
    } else if Window::Days(info.value.review_interval_days)
        .after(info.value.date.0)
        .is_none()
    {
        c.error(
            info.file,
            &root.key("review_interval_days"),
            Kind::IntervalTooLong {
                days: info.value.review_interval_days,
            },
        );
    }

    // Components and their ids.
    let mut component_ids = BTreeMap::new();
    for comp in &loaded.components {
        c.slug(comp.file, &root.key("id"), &comp.value.id, "component");
        c.unique(
            &mut component_ids,
            comp.file,
            root.key("id"),
            &comp.value.id,
            "component",
        );
        if let Some(o) = &comp.value.assessor {
            if o.reason.trim().is_empty() {
                c.error(
                    comp.file,
                    &root.key("assessor").key("reason"),
                    Kind::OverrideWithoutReason { what: "assessor" },
                );
            }
            if o.status.is_none() && o.health.is_none() {
                c.error(
                    comp.file,
                    &root.key("assessor"),
                    Kind::OverrideWithoutVerdict,
                );
            }
        }
    }

    // Components are listed by `order`: two with the same order would be
    // listed by id, which no one chose.
    let mut orders: BTreeMap<i64, usize> = BTreeMap::new();
    for (i, comp) in loaded.components.iter().enumerate() {
        let order = comp.value.order;
        match orders.get(&order) {
            Some(&first) => {
                let other = &loaded.components[first];
                let label = loaded.label(
                    other.file,
                    &root.key("order"),
                    format!("component `{}` has the same order", other.value.id),
                );
                let d = loaded
                    .diagnostic(
                        comp.file,
                        &root.key("order"),
                        Kind::DuplicateOrder { order },
                    )
                    .with_label(label);
                c.diags.push(d);
            }
            None => {
                orders.insert(order, i);
            }
        }
    }

    // Findings: inline, then from findings/.
    let date = info.value.date;
    let observed_late =
        |c: &mut Checker, file: usize, path: FieldPath, f: &crate::model::Finding| {
            if let Some(at) = f.observed_at
                && at > date
            {
                c.error(
                    file,
                    &path.key("observed_at"),
                    Kind::ObservedAfterAssessment {
                        observed: at.rfc3339(),
                        date: date.rfc3339(),
                    },
                );
            }
            if let Some(at) = f.first_seen
                && at > date
            {
                c.error(
                    file,
                    &path.key("first_seen"),
                    Kind::FirstSeenAfterAssessment {
                        first_seen: at.rfc3339(),
                        date: date.rfc3339(),
                    },
                );
            }
            // An accepted risk says why, who accepted it, and until when.
            if f.status == crate::model::FindingStatus::Accepted {
                let blank = |t: &Option<String>| t.as_deref().is_none_or(|t| t.trim().is_empty());
                let mut missing = Vec::new();
                if blank(&f.reason) {
                    missing.push("reason");
                }
                if blank(&f.accepted_by) {
                    missing.push("accepted_by");
                }
                if f.expires.is_none() {
                    missing.push("expires");
                }
                if !missing.is_empty() {
                    c.error(
                        file,
                        &path.key("status"),
                        Kind::AcceptanceIncomplete { missing },
                    );
                }
            }
        };
    let mut finding_ids = BTreeMap::new();
    for comp in &loaded.components {
        for (i, f) in comp.value.findings.iter().enumerate() {
            let path = root.key("finding").index(i);
            c.slug(comp.file, &path.key("id"), &f.id, "finding");
            observed_late(&mut c, comp.file, path.clone(), f);
            c.unique(
                &mut finding_ids,
                comp.file,
                path.key("id"),
                &f.id,
                "finding",
            );
            if let Some(other) = &f.component
                && *other != comp.value.id
            {
                let kind = Kind::ForeignComponent {
                    file_component: comp.value.id.clone(),
                    named: other.clone(),
                };
                c.error(comp.file, &path.key("component"), kind);
            }
        }
    }
    for file in &loaded.findings {
        for (i, f) in file.value.findings.iter().enumerate() {
            let path = root.key("finding").index(i);
            c.slug(file.file, &path.key("id"), &f.id, "finding");
            observed_late(&mut c, file.file, path.clone(), f);
            c.unique(
                &mut finding_ids,
                file.file,
                path.key("id"),
                &f.id,
                "finding",
            );
            match &f.component {
                Some(id) => c.reference(
                    file.file,
                    &path.key("component"),
                    id,
                    "component",
                    &component_ids,
                ),
                None => c.error(file.file, &path, Kind::FindingWithoutComponent),
            }
        }
    }

    // Actions: component recommendations and the plan share one id space.
    let mut action_ids = BTreeMap::new();
    let plan_actions = loaded.plan.iter().flat_map(|p| {
        p.value
            .actions
            .iter()
            .enumerate()
            .map(move |(i, a)| (p.file, i, a))
    });
    let component_actions = loaded.components.iter().flat_map(|comp| {
        comp.value
            .actions
            .iter()
            .enumerate()
            .map(move |(i, a)| (comp.file, i, a))
    });
    for (file, i, action) in component_actions.chain(plan_actions) {
        let path = root.key("action").index(i);
        c.slug(file, &path.key("id"), &action.id, "action");
        c.unique(&mut action_ids, file, path.key("id"), &action.id, "action");
        for (j, f) in action.findings.iter().enumerate() {
            c.reference(
                file,
                &path.key("findings").index(j),
                f,
                "finding",
                &finding_ids,
            );
        }
    }

    // The assessment's references.
    for (i, issue) in info.value.key_issues.iter().enumerate() {
        for (j, f) in issue.findings.iter().enumerate() {
            c.reference(
                info.file,
                &root.key("key_issue").index(i).key("findings").index(j),
                f,
                "finding",
                &finding_ids,
            );
        }
    }
    let open_actions: BTreeSet<&str> = loaded
        .components
        .iter()
        .flat_map(|comp| comp.value.actions.iter())
        .chain(loaded.plan.iter().flat_map(|p| p.value.actions.iter()))
        .filter(|x| x.status == crate::model::ActionStatus::Open)
        .map(|x| x.id.as_str())
        .collect();
    for (i, item) in info.value.checklist.iter().enumerate() {
        if let Some(a) = &item.action {
            c.reference(
                info.file,
                &root.key("checklist").index(i).key("action"),
                a,
                "action",
                &action_ids,
            );
            if item.done && open_actions.contains(a.as_str()) {
                let kind = Kind::ChecklistAhead { action: a.clone() };
                c.error(info.file, &root.key("checklist").index(i).key("done"), kind);
            }
        }
    }

    // Rules, then risks against the rules' scales.
    let rules = loaded
        .rules
        .as_ref()
        .map_or_else(Rules::builtin, |r| r.value.clone());
    let rule_problems = rules.problems();
    // Risks are checked against the scales only when those are sound: a
    // broken scale would make every risk that uses it look wrong too.
    let scales_sound = rule_problems.is_empty() && !loaded.rules_unparsed();
    let mut in_rules_file = Vec::new();
    // The horizon windows, counted from the assessment date (not while
    // rules.toml is unparsed: it may set them). A window rules.toml gives
    // is reported there, as is one out of order after a window it gives;
    // a built-in window that runs past the year 9999 from a late
    // assessment date is reported at that `date`.
    let horizon_problems = if loaded.rules_unparsed() {
        Vec::new()
    } else {
        rules.horizon_problems(info.value.date.0)
    };
    for problem in horizon_problems {
        let path = FieldPath::parse(&problem.field);
        match &loaded.rules {
            Some(r)
                if loaded.gives(r.file, &path)
                    || matches!(problem.kind, Kind::WindowOutOfOrder { .. }) =>
            {
                // The window it must end after, when the file gives it.
                let before = match &problem.kind {
                    Kind::WindowOutOfOrder { before, .. } => {
                        Some(FieldPath::parse(&format!("horizons.{before}.window")))
                    }
                    _ => None,
                };
                let mut d = builtin_hint(
                    loaded,
                    r.file,
                    &path,
                    &problem.field,
                    loaded.diagnostic(r.file, &path, problem.kind),
                );
                if let Some(before) = before.filter(|b| loaded.gives(r.file, b)) {
                    d = d.with_label(loaded.label(r.file, &before, "the window it must end after"));
                }
                in_rules_file.push(d);
            }
            _ => c.error(
                info.file,
                &root.key("date"),
                Kind::BuiltinRules {
                    field: problem.field,
                    inner: Box::new(problem.kind),
                },
            ),
        }
    }
    for problem in rule_problems {
        match &loaded.rules {
            Some(r) => {
                let path = FieldPath::parse(&problem.field);
                let mut d = builtin_hint(
                    loaded,
                    r.file,
                    &path,
                    &problem.field,
                    loaded.diagnostic(r.file, &path, problem.kind),
                );
                if let Some(first) = &problem.first {
                    let label =
                        loaded.label(r.file, &FieldPath::parse(first), "first defined here");
                    d = d.with_label(label);
                }
                in_rules_file.push(d);
            }
            None => c.diags.push(Diagnostic::general(Kind::BuiltinRules {
                field: problem.field,
                inner: Box::new(problem.kind),
            })),
        }
    }
    // In file order, like every other file's problems.
    in_rules_file.sort_by_key(|d| d.location.as_ref().map(|l| (l.line, l.column)));
    c.diags.0.extend(in_rules_file);
    let mut risk_ids = BTreeMap::new();
    if let Some(risks) = &loaded.risks {
        let impacts: Vec<&str> = rules.risk.impact.iter().map(|s| s.id.as_str()).collect();
        let likelihoods: Vec<&str> = rules
            .risk
            .likelihood
            .iter()
            .map(|s| s.id.as_str())
            .collect();
        for (i, risk) in risks.value.risks.iter().enumerate() {
            let path = root.key("risk").index(i);
            c.slug(risks.file, &path.key("id"), &risk.id, "risk");
            c.unique(&mut risk_ids, risks.file, path.key("id"), &risk.id, "risk");
            if scales_sound {
                c.scale_word(
                    risks.file,
                    &path.key("impact"),
                    &risk.impact,
                    "impact",
                    &impacts,
                );
                c.scale_word(
                    risks.file,
                    &path.key("likelihood"),
                    &risk.likelihood,
                    "likelihood",
                    &likelihoods,
                );
            }
            for (j, f) in risk.findings.iter().enumerate() {
                c.reference(
                    risks.file,
                    &path.key("findings").index(j),
                    f,
                    "finding",
                    &finding_ids,
                );
            }
            if let Some(o) = &risk.assessor
                && o.reason.trim().is_empty()
            {
                c.error(
                    risks.file,
                    &path.key("assessor").key("reason"),
                    Kind::OverrideWithoutReason { what: "priority" },
                );
            }
        }
    }

    let diags = std::mem::take(&mut c.diags);
    // An incomplete folder (a file did not parse) is never an assessment,
    // even when what did parse is sound; its problems are the loader's.
    if !diags.is_empty() || loaded.incomplete() {
        return Err(diags);
    }

    // Attach findings from findings/ to their components.
    let mut components: Vec<ComponentFile> =
        loaded.components.iter().map(|c| c.value.clone()).collect();
    for comp in &mut components {
        let id = comp.id.clone();
        for f in &mut comp.findings {
            f.component = Some(id.clone());
        }
    }
    let index: BTreeMap<String, usize> = components
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.clone(), i))
        .collect();
    for file in &loaded.findings {
        for f in &file.value.findings {
            let target = f
                .component
                .as_deref()
                .and_then(|id| index.get(id))
                .copied()
                .expect("checked above");
            components[target].findings.push(f.clone());
        }
    }
    components.sort_by(|a, b| a.order.cmp(&b.order).then_with(|| a.id.cmp(&b.id)));

    Ok(Assessment {
        info: info.value.clone(),
        components,
        plan: loaded
            .plan
            .as_ref()
            .map(|p| p.value.actions.clone())
            .unwrap_or_default(),
        risks: loaded
            .risks
            .as_ref()
            .map(|r| r.value.risks.clone())
            .unwrap_or_default(),
        rules,
        baseline: baseline.cloned(),
    })
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::{is_slug, validate};
    use crate::diag::Kind;
    use crate::load::load_dir;

    #[test]
    fn slugs() {
        for ok in ["backend", "013a-analytics", "a.b_c"] {
            assert!(is_slug(ok), "{ok}");
        }
        for bad in ["", "Backend", "-x", "a b", "é"] {
            assert!(!is_slug(bad), "{bad}");
        }
    }

    /// The kinds of problem validation finds in the example with `file`'s
    /// first `from` replaced by `to`.
    fn kinds(file: &str, from: &str, to: &str) -> Vec<Kind> {
        let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/013a-analytics");
        let tmp = tempfile::tempdir().unwrap();
        for entry in walkdir::WalkDir::new(&example) {
            let entry = entry.unwrap();
            let target = tmp
                .path()
                .join(entry.path().strip_prefix(&example).unwrap());
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&target).unwrap();
            } else {
                std::fs::copy(entry.path(), &target).unwrap();
            }
        }
        let path = tmp.path().join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{from}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
        let loaded = load_dir(tmp.path()).unwrap_or_else(|d| panic!("{d}"));
        match validate(&loaded) {
            Ok(_) => Vec::new(),
            Err(d) => d.0.into_iter().map(|d| d.kind).collect(),
        }
    }

    #[test]
    fn semantic_checks_give_their_kind() {
        /// (file, text, replacement, the one kind expected)
        type Case = (&'static str, &'static str, &'static str, fn(&Kind) -> bool);
        let cases: &[Case] = &[
            ("components/2-backend.toml", "order = 2", "order = 1", |k| {
                matches!(k, Kind::DuplicateOrder { order: 1 })
            }),
            (
                "findings/probes/tcp.json",
                "\"observed_at\": \"2025-09-30T14:40:00Z\"",
                "\"observed_at\": \"2025-10-30T14:40:00Z\"",
                |k| matches!(k, Kind::ObservedAfterAssessment { .. }),
            ),
            (
                "risks.toml",
                "likelihood = \"likely\"",
                "likelihood = \"unlikely\"",
                |k| matches!(k, Kind::UnknownWord { word, .. } if word == "unlikely"),
            ),
            (
                "findings/probes/tcp.json",
                "\"component\": \"monitoring\"",
                "\"component\": \"kafka\"",
                |k| matches!(k, Kind::UnknownReference { what: "component", known, .. } if known.len() == 7),
            ),
        ];
        for (file, from, to, expected) in cases {
            let got = kinds(file, from, to);
            assert!(
                got.len() == 1 && expected(&got[0]),
                "{file}: `{to}` gave {got:?}"
            );
        }
        // The output folder `<id>-YYYY-MM-DD` holds 255 bytes: an id of 244 fits, 245 does not.
        let id = |n: usize| format!("id = \"{}\"", "a".repeat(n));
        assert!(kinds("assessment.toml", "id = \"013a-analytics\"", &id(244)).is_empty());
        let got = kinds("assessment.toml", "id = \"013a-analytics\"", &id(245));
        assert!(
            matches!(
                got.as_slice(),
                [Kind::IdTooLong {
                    len: 245,
                    folder_len: 256
                }]
            ),
            "{got:?}"
        );
    }
}
