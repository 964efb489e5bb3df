//! One case per class of bad input: each mutates a copy of the example and
//! asserts the diagnostic names file, line, column and field, with what was
//! expected, and that nothing is written.

mod common;

use std::path::Path;

/// (case, file to write, how to change it, expected diagnostic start)
type Case = (
    &'static str,
    &'static str,
    fn(String) -> String,
    &'static str,
);

fn replace(from: &'static str, to: &'static str) -> impl Fn(String) -> String {
    move |s: String| {
        assert!(s.contains(from), "fixture text `{from}` not found");
        s.replacen(from, to, 1)
    }
}

const CASES: &[Case] = &[
    (
        "toml syntax",
        "components/1-frontend.toml",
        |s| replace("order = 1", "order = = 1")(s),
        "error: components/1-frontend.toml:3:9: invalid TOML",
    ),
    (
        "json syntax",
        "findings/probes/tcp.json",
        |s| replace("\"high\",\n      \"source\"", "\"high\"\n      \"source\"")(s),
        "error: findings/probes/tcp.json:9:7: invalid JSON: expected `,` or `}`",
    ),
    (
        "unknown field",
        "components/2-backend.toml",
        |s| replace("severity = \"critical\"", "sevrity = \"critical\"")(s),
        "error: components/2-backend.toml:34:1: field `finding[0].sevrity`: unknown field `sevrity`; expected one of `id`, `component`, `title`, `detail`, `severity`, `status`, `source`, `evidence`, `observed_at` (did you mean `severity`?)",
    ),
    (
        "wrong enum word",
        "components/2-backend.toml",
        |s| replace("severity = \"critical\"", "severity = \"critcal\"")(s),
        "error: components/2-backend.toml:34:12: field `finding[0].severity`: unknown value `critcal`; expected one of `critical`, `high`, `medium`, `low`, `info` (did you mean `critical`?)",
    ),
    (
        "wrong type",
        "components/1-frontend.toml",
        |s| replace("order = 1", "order = \"first\"")(s),
        "error: components/1-frontend.toml:3:9: field `order`: wrong type: found string \"first\", expected i64",
    ),
    (
        "invalid date",
        "assessment.toml",
        |s| replace("date = 2025-09-30T14:57:00Z", "date = \"30/09/2025\"")(s),
        "error: assessment.toml:5:8: field `date`: invalid date `30/09/2025`: expected an RFC 3339 date-time such as `2025-09-30T14:57:00Z` or a date such as `2025-09-30`",
    ),
    (
        "duplicate id",
        "components/3-database.toml",
        |s| {
            replace(
                "id = \"database-backup-verification\"",
                "id = \"database-schema-conflicts\"",
            )(s)
        },
        "error: components/3-database.toml:25:6: field `finding[1].id`: duplicate finding id `database-schema-conflicts`; first defined at components/3-database.toml:20:6",
    ),
    (
        "dangling component",
        "findings/probes/tcp.json",
        |s| {
            replace(
                "\"component\": \"monitoring\"",
                "\"component\": \"monitorng\"",
            )(s)
        },
        "error: findings/probes/tcp.json:5:20: field `finding[0].component`: unknown component `monitorng` (did you mean `monitoring`?)",
    ),
    (
        "dangling finding",
        "risks.toml",
        |s| {
            replace(
                "findings = [\"security-secrets-env\"]",
                "findings = [\"security-secret-env\"]",
            )(s)
        },
        "error: risks.toml:27:13: field `risk[3].findings[0]`: unknown finding `security-secret-env` (did you mean `security-secrets-env`?)",
    ),
    (
        "dangling action",
        "assessment.toml",
        |s| {
            replace(
                "action = \"plan-configure-tls\"",
                "action = \"plan-configure-ssl\"",
            )(s)
        },
        "error: assessment.toml:52:10: field `checklist[1].action`: unknown action `plan-configure-ssl` (did you mean `plan-configure-tls`?)",
    ),
    (
        "unknown scale word",
        "risks.toml",
        |s| replace("likelihood = \"likely\"", "likelihood = \"probable\"")(s),
        "error: risks.toml:12:14: field `risk[1].likelihood`: unknown likelihood `probable`; expected one of `rare`, `low`, `medium`, `likely`, `certain`",
    ),
    (
        "override without reason",
        "components/2-backend.toml",
        |s| {
            replace(
                "reason = \"The critical SQLAlchemy finding breaks only the test environment; production request paths are unaffected, and an immediate fix is planned.\"",
                "reason = \" \"",
            )(s)
        },
        "error: components/2-backend.toml:10:10: field `assessor.reason`: an assessor override needs a reason",
    ),
    // Regression: a character across byte 19 of a date panicked (exit 101).
    (
        "non-ASCII at byte 19 of a date",
        "assessment.toml",
        |s| {
            replace(
                "date = 2025-09-30T14:57:00Z",
                "date = \"2025-09-30T14:57:0é\"",
            )(s)
        },
        "error: assessment.toml:5:8: field `date`: invalid date `2025-09-30T14:57:0é`",
    ),
    (
        "non-ASCII at byte 19 of observed_at",
        "findings/probes/tcp.json",
        |s| {
            replace(
                "\"observed_at\": \"2025-09-30T14:40:00Z\"",
                "\"observed_at\": \"2025-09-30T14:40:0é\"",
            )(s)
        },
        "error: findings/probes/tcp.json:11:22: field `finding[0].observed_at`: invalid date `2025-09-30T14:40:0é`",
    ),
];

fn run_case(name: &str, file: &str, change: fn(String) -> String) -> (i32, String, bool) {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    common::copy_tree(&common::example(), &input);
    let path = input.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, change(text)).unwrap_or_else(|e| panic!("{name}: {e}"));
    let out = common::readiness(&["build", "in", "-o", "out"], tmp.path());
    let wrote = Path::new(&tmp.path().join("out")).exists();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stderr).unwrap(),
        wrote,
    )
}

#[test]
fn every_class_of_bad_input_is_located() {
    let mut failures = Vec::new();
    for (name, file, change, expected) in CASES {
        let (code, stderr, wrote) = run_case(name, file, *change);
        if code != 2 || wrote || !stderr.starts_with(expected) {
            failures.push(format!("case `{name}`: exit {code}, wrote {wrote}\n  expected start: {expected}\n  got: {stderr}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn all_problems_of_a_run_are_reported_together() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    common::copy_tree(&common::example(), &input);
    let edit = |file: &str, from: &str, to: &str| {
        let p = input.join(file);
        let t = std::fs::read_to_string(&p).unwrap();
        std::fs::write(&p, t.replacen(from, to, 1)).unwrap();
    };
    edit(
        "components/2-backend.toml",
        "severity = \"critical\"",
        "severity = \"critcal\"",
    );
    edit("findings/probes/tcp.json", "\"high\"", "\"hihg\"");
    edit("risks.toml", "impact = \"high\"", "impact = \"huge\"");
    let out = common::readiness(&["check", "in"], tmp.path());
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    // Parse errors of both files; the risk is reported once parsing succeeds.
    assert!(err.contains("components/2-backend.toml:34:12"), "{err}");
    assert!(err.contains("findings/probes/tcp.json:8:20"), "{err}");
    assert!(
        err.ends_with("2 problems found; nothing was written\n"),
        "{err}"
    );
}

#[test]
fn invalid_utf8_and_empty_folders_are_reported() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir(tmp.path().join("empty")).unwrap();
    let out = common::readiness(&["check", "empty"], tmp.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .starts_with("error: assessment folder `empty` holds no input")
    );

    let input = tmp.path().join("in");
    common::copy_tree(&common::example(), &input);
    let mut bytes = std::fs::read(input.join("risks.toml")).unwrap();
    bytes.splice(7..7, [0xff, 0xfe]);
    std::fs::write(input.join("risks.toml"), bytes).unwrap();
    let out = common::readiness(&["build", "in", "-o", "out"], tmp.path());
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with("error: risks.toml:1:8: invalid UTF-8 at byte 7"),
        "{err}"
    );
    assert!(!tmp.path().join("out").exists());
}

#[test]
fn inconsistent_rules_are_located_in_rules_toml() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    common::copy_tree(&common::example(), &input);
    std::fs::write(
        input.join("rules.toml"),
        "[status]\ngreen_min = 30\nyellow_min = 60\nunplanned_critical = \"red\"\n",
    )
    .unwrap();
    let out = common::readiness(&["check", "in"], tmp.path());
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.starts_with("error: rules.toml:3:14: field `status.yellow_min`: must not be greater than `green_min`"),
        "{err}"
    );
}

/// Runs `check` and `build` on a copy of the example with `rules.toml`
/// and returns `check`'s stderr, asserting both reject it the same way
/// (exit 2, nothing written).
fn rejected_with_rules(rules: &str) -> String {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    common::copy_tree(&common::example(), &input);
    std::fs::write(input.join("rules.toml"), rules).unwrap();
    let check = common::readiness(&["check", "in"], tmp.path());
    let build = common::readiness(&["build", "in", "-o", "out"], tmp.path());
    let err = String::from_utf8(check.stderr).unwrap();
    assert_eq!(check.status.code(), Some(2), "{err}");
    assert_eq!(build.status.code(), Some(2), "{err}");
    assert_eq!(String::from_utf8(build.stderr).unwrap(), err);
    assert!(!tmp.path().join("out").exists());
    err
}

fn horizons(immediate: &str, short: &str, long: &str) -> String {
    format!(
        "[horizons]\nimmediate = {{ window = \"{immediate}\", label = \"I\", within = \"i\" }}\nshort-term = {{ window = \"{short}\", label = \"S\", within = \"s\" }}\nlong-term = {{ window = \"{long}\", label = \"L\", within = \"l\" }}\n"
    )
}

/// Regression: windows that overflow the date panicked in scoring (exit
/// 101); `613566757w` wrapped to `3d`; a `0h` window and windows out of
/// order passed `check` and failed `build` in the HTML renderer with no
/// file or line.
#[test]
fn horizon_windows_are_checked_in_rules_toml() {
    let err = rejected_with_rules(&horizons("4294967295h", "2w", "4294967295d"));
    assert!(
        err.starts_with("error: rules.toml:2:24: field `horizons.immediate.window`: window `4294967295h` is too long: counted from the assessment date (2025-09-30T14:57:00Z) it ends after the year 9999, the last the outputs can write"),
        "{err}"
    );
    assert!(
        err.contains("error: rules.toml:4:24: field `horizons.long-term.window`: window `4294967295d` is too long"),
        "{err}"
    );
    assert!(
        err.ends_with("2 problems found; nothing was written\n"),
        "{err}"
    );

    let err = rejected_with_rules(&horizons("24h", "613566757w", "2mo"));
    assert!(err.starts_with("error: rules.toml:3:"), "{err}");
    assert!(
        err.contains("invalid window `613566757w`: too long; at most 613566756w"),
        "{err}"
    );

    let err = rejected_with_rules(&horizons("0h", "2mo", "2w"));
    assert!(
        err.starts_with("error: rules.toml:2:24: field `horizons.immediate.window`: window `0h` must be longer than zero"),
        "{err}"
    );
    assert!(
        err.contains("error: rules.toml:4:24: field `horizons.long-term.window`: window `2w` must end after the short-term window `2mo`"),
        "{err}"
    );
}

/// Regression: a review interval past the last representable date panicked.
#[test]
fn a_review_interval_past_the_representable_dates_is_located() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    common::copy_tree(&common::example(), &input);
    let path = input.join("assessment.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replacen(
            "review_interval_days = 7",
            "review_interval_days = 100000000",
            1,
        ),
    )
    .unwrap();
    for args in [&["check", "in"][..], &["build", "in", "-o", "out"]] {
        let command = args[0];
        let out = common::readiness(args, tmp.path());
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(out.status.code(), Some(2), "{command}: {err}");
        assert!(
            err.starts_with("error: assessment.toml:9:24: field `review_interval_days`: 100000000 days from the assessment date end after the year 9999, the last the outputs can write"),
            "{command}: {err}"
        );
    }
    assert!(!tmp.path().join("out").exists());
}

/// Regression: an assessment date late enough for the review and the
/// built-in horizons to end after the year 9999 passed `check` and failed `build` in the
/// templates (RFC 3339 dates have four-digit years).
#[test]
fn horizons_past_the_year_9999_are_located_at_the_date() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    common::copy_tree(&common::example(), &input);
    let path = input.join("assessment.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replacen(
            "date = 2025-09-30T14:57:00Z",
            "date = 9999-12-30T14:57:00Z",
            1,
        ),
    )
    .unwrap();
    let out = common::readiness(&["check", "in"], tmp.path());
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.starts_with("error: assessment.toml:9:24: field `review_interval_days`: 7 days from the assessment date end after the year 9999, the last the outputs can write"),
        "{err}"
    );
    assert!(
        err.contains("error: assessment.toml:5:8: field `date`: built-in rules: `horizons.short-term.window`: window `2w` is too long: counted from the assessment date (9999-12-30T14:57:00Z) it ends after the year 9999, the last the outputs can write"),
        "{err}"
    );
}
