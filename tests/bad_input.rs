//! One case per class of bad input: each changes a copy of the example,
//! builds it, and asserts the exit status 2, that nothing is written, and
//! the WHOLE stderr (every diagnostic with its snippet, notes and hints,
//! and the closing count) against a snapshot in `snapshots/`; `check`
//! must print the same stderr with the same status.
//!
//! To add a case, add a row to `CASES`; run
//! `INSTA_UPDATE=always cargo test --test bad_input` and review the new
//! `snapshots/bad_input__<case>.snap` like code.
//!
//! The input shapes that must be *accepted* (optional sections, partial
//! rules, a byte order mark, `$schema`) are tested below the cases.

mod common;

use std::path::Path;

/// (snapshot name, how to change the copy of the example)
type Case = (&'static str, fn(&Path));

/// Replaces the first `from` in `file` by `to`; the fixture text must exist.
fn edit(dir: &Path, file: &str, from: &str, to: &str) {
    let path = dir.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "fixture text `{from}` not in {file}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

/// Writes `file` (creating its folder).
fn write(dir: &Path, file: &str, text: &str) {
    let path = dir.join(file);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

const CASES: &[Case] = &[
    ("toml_syntax", |d| {
        edit(d, "components/1-frontend.toml", "order = 1", "order = = 1")
    }),
    ("toml_syntax_errors_on_several_lines", |d| {
        edit(d, "components/1-frontend.toml", "order = 1", "order = = 1");
        edit(
            d,
            "components/1-frontend.toml",
            "[[strength]]\ntitle = \"Performance\"",
            "[[strength]\ntitle = \"Performance\"",
        );
    }),
    ("json_syntax", |d| {
        edit(
            d,
            "findings/probes/tcp.json",
            "\"high\",\n      \"source\"",
            "\"high\"\n      \"source\"",
        )
    }),
    ("unknown_field", |d| {
        edit(
            d,
            "components/2-backend.toml",
            "severity = \"critical\"",
            "sevrity = \"critical\"",
        )
    }),
    ("wrong_enum_word", |d| {
        edit(
            d,
            "components/2-backend.toml",
            "severity = \"critical\"",
            "severity = \"critcal\"",
        )
    }),
    ("enum_word_in_the_wrong_case", |d| {
        edit(
            d,
            "components/2-backend.toml",
            "severity = \"critical\"",
            "severity = \"CRITICAL\"",
        )
    }),
    ("wrong_type", |d| {
        edit(
            d,
            "components/1-frontend.toml",
            "order = 1",
            "order = \"first\"",
        )
    }),
    ("number_out_of_range", |d| {
        edit(
            d,
            "assessment.toml",
            "review_interval_days = 7",
            "review_interval_days = -7",
        )
    }),
    ("invalid_date", |d| {
        edit(
            d,
            "assessment.toml",
            "date = 2025-09-30T14:57:00Z",
            "date = \"30/09/2025\"",
        )
    }),
    ("date_written_as_a_table", |d| {
        edit(
            d,
            "assessment.toml",
            "date = 2025-09-30T14:57:00Z",
            "date = { year = 2025, month = 9, day = 30 }",
        )
    }),
    ("date_written_as_an_object_in_json", |d| {
        edit(
            d,
            "findings/probes/tcp.json",
            "\"observed_at\": \"2025-09-30T14:40:00Z\"",
            "\"observed_at\": {\"date\": \"2025-09-30\"}",
        )
    }),
    ("every_missing_field_of_a_new_component", |d| {
        write(
            d,
            "components/8-kafka.toml",
            "id = \"kafka\"\n\n[[finding]]\nid = \"kafka-lag\"\ntitle = \"Consumer lag\"\n",
        )
    }),
    ("every_problem_of_a_file", |d| {
        write(
            d,
            "components/8-kafka.toml",
            "id = \"kafka\"\nname = 8\norder = 8\ncolour = \"red\"\n\n[[finding]]\nid = \"kafka-lag\"\ntitle = \"Consumer lag\"\nseverity = \"hihg\"\nstatus = \"Open\"\n\n[[finding]]\ntitle = [\"Disk\"]\nseverity = \"low\"\nobserved_at = \"yesterday\"\n",
        )
    }),
    ("json_array_at_the_top", |d| {
        write(
            d,
            "findings/probes/tcp.json",
            "[{\"id\": \"x\", \"component\": \"monitoring\", \"title\": \"t\", \"severity\": \"low\"}]\n",
        )
    }),
    ("deeply_nested_keys", |d| {
        let key = vec!["a"; 100].join(".");
        write(d, "findings/deep.toml", &format!("# deep\n{key} = 1\n"))
    }),
    ("deeply_nested_json", |d| {
        let depth = 100_000;
        write(
            d,
            "findings/deep.json",
            &format!("{}{}", "[".repeat(depth), "]".repeat(depth)),
        )
    }),
    ("long_line_is_cut_around_the_column", |d| {
        // A one-line file of 2 MB: the snippet shows the column, not the line.
        let filler = "x".repeat(2_000_000);
        write(
            d,
            "findings/probes/long.json",
            &format!(
                "{{\"finding\": [{{\"id\": \"long\", \"component\": \"monitoring\", \"title\": \"{filler}\", \"severity\": \"hihg\", \"detail\": \"{filler}\"}}]}}"
            ),
        )
    }),
    ("huge_values_are_quoted_short", |d| {
        // Megabytes in a word, a date and a key: each message quotes 60 characters.
        let huge = "Z".repeat(1_000_000);
        edit(
            d,
            "components/2-backend.toml",
            "severity = \"critical\"",
            &format!("severity = \"{huge}\"\nobserved_at = \"{huge}\""),
        );
        edit(
            d,
            "findings/probes/tcp.json",
            "\"component\": \"monitoring\"",
            &format!("\"{huge}\": \"monitoring\""),
        );
    }),
    ("duplicate_id", |d| {
        edit(
            d,
            "components/3-database.toml",
            "id = \"database-backup-verification\"",
            "id = \"database-schema-conflicts\"",
        )
    }),
    ("duplicate_order", |d| {
        edit(d, "components/2-backend.toml", "order = 2", "order = 1")
    }),
    ("dangling_component", |d| {
        edit(
            d,
            "findings/probes/tcp.json",
            "\"component\": \"monitoring\"",
            "\"component\": \"monitorng\"",
        )
    }),
    ("unknown_component_far_from_any", |d| {
        edit(
            d,
            "findings/probes/tcp.json",
            "\"component\": \"monitoring\"",
            "\"component\": \"kafka\"",
        )
    }),
    ("dangling_finding", |d| {
        edit(
            d,
            "risks.toml",
            "findings = [\"security-secrets-env\"]",
            "findings = [\"security-secret-env\"]",
        )
    }),
    ("dangling_action", |d| {
        edit(
            d,
            "assessment.toml",
            "action = \"plan-configure-tls\"",
            "action = \"plan-configure-ssl\"",
        )
    }),
    ("unknown_scale_word", |d| {
        edit(
            d,
            "risks.toml",
            "likelihood = \"likely\"",
            "likelihood = \"probable\"",
        )
    }),
    ("scale_word_that_means_the_opposite", |d| {
        edit(
            d,
            "risks.toml",
            "likelihood = \"likely\"",
            "likelihood = \"unlikely\"",
        )
    }),
    ("scale_word_in_the_wrong_case", |d| {
        edit(
            d,
            "risks.toml",
            "likelihood = \"likely\"",
            "likelihood = \"MEDIUM\"",
        )
    }),
    ("override_without_reason", |d| {
        edit(
            d,
            "components/2-backend.toml",
            "reason = \"The critical SQLAlchemy finding breaks only the test environment; production request paths are unaffected, and an immediate fix is planned.\"",
            "reason = \" \"",
        )
    }),
    ("observed_after_the_assessment", |d| {
        edit(
            d,
            "findings/probes/tcp.json",
            "\"observed_at\": \"2025-09-30T14:40:00Z\"",
            "\"observed_at\": \"2025-10-01T09:00:00Z\"",
        )
    }),
    ("assessment_id_too_long_for_a_file_name", |d| {
        let id = "a".repeat(250);
        edit(
            d,
            "assessment.toml",
            "id = \"013a-analytics\"",
            &format!("id = \"{id}\""),
        )
    }),
    ("invalid_utf8", |d| {
        let mut bytes = std::fs::read(d.join("risks.toml")).unwrap();
        bytes.splice(7..7, [0xff, 0xfe]);
        std::fs::write(d.join("risks.toml"), bytes).unwrap();
    }),
    ("empty_components_folder", |d| {
        for e in std::fs::read_dir(d.join("components")).unwrap() {
            std::fs::remove_file(e.unwrap().path()).unwrap();
        }
    }),
    ("inconsistent_rules", |d| {
        write(
            d,
            "rules.toml",
            "[status]\ngreen_min = 30\nyellow_min = 60\n",
        )
    }),
    ("rules_grid_problems_keep_their_indices", |d| {
        write(
            d,
            "rules.toml",
            "[risk]\ncells = [\n  [\"low\", \"low\", \"low\", \"low\", \"low\"],\n  [\"low\", \"low\", \"low\", \"medium\", \"medium\"],\n  [\"low\", \"low\", \"medium\", \"medium\", \"medium\"],\n  [\"low\", \"medium\", \"medium\", \"hihg\", \"hihg\"],\n  [\"medium\", \"medium\", \"medium\", \"high\"],\n]\n",
        )
    }),
    ("rules_with_no_levels", |d| {
        write(d, "rules.toml", "[risk]\nlevels = []\n")
    }),
    ("rules_duplicate_scale_and_level_ids", |d| {
        write(
            d,
            "rules.toml",
            "[risk]\nlikelihood = [\n  { id = \"rare\", label = \"RARE\" },\n  { id = \"low\", label = \"LOW\" },\n  { id = \"medium\", label = \"MEDIUM\" },\n  { id = \"low\", label = \"LIKELY\" },\n  { id = \"certain\", label = \"CERTAIN\" },\n]\nlevels = [\n  { id = \"low\", label = \"LOW\", tone = \"good\" },\n  { id = \"medium\", label = \"MEDIUM\", tone = \"warn\" },\n  { id = \"high\", label = \"HIGH\", tone = \"bad\" },\n  { id = \"medium\", label = \"AGAIN\", tone = \"bad\" },\n]\n",
        )
    }),
    ("rules_unknown_key_and_bad_window", |d| {
        write(
            d,
            "rules.toml",
            "[score]\nweights = { critcal = 30 }\n\n[horizons]\nimmediate = { window = \"2 days\" }\n",
        )
    }),
    ("both_toml_and_json", |d| {
        write(d, "plan.json", "{\"action\": []}\n")
    }),
    ("missing_assessment", |d| {
        std::fs::remove_file(d.join("assessment.toml")).unwrap()
    }),
    ("no_components_folder", |d| {
        std::fs::remove_dir_all(d.join("components")).unwrap()
    }),
    ("wrong_type_in_json", |d| {
        edit(
            d,
            "findings/probes/tcp.json",
            "\"title\": \"Prometheus\"",
            "\"title\": null",
        )
    }),
    ("invalid_id", |d| {
        edit(
            d,
            "components/5-security.toml",
            "id = \"security-secrets-env\"",
            "id = \"Security Secrets\"",
        )
    }),
    ("zero_review_interval", |d| {
        edit(
            d,
            "assessment.toml",
            "review_interval_days = 7",
            "review_interval_days = 0",
        )
    }),
    ("finding_without_component", |d| {
        edit(
            d,
            "findings/probes/tcp.json",
            "\"component\": \"monitoring\",\n",
            "",
        )
    }),
    ("finding_naming_another_component", |d| {
        edit(
            d,
            "components/5-security.toml",
            "id = \"security-secrets-env\"",
            "id = \"security-secrets-env\"\ncomponent = \"backend\"",
        )
    }),
    ("override_without_verdict", |d| {
        edit(
            d,
            "components/2-backend.toml",
            "status = \"green\"\nhealth = \"good\"\n",
            "",
        )
    }),
    ("priority_override_without_reason", |d| {
        edit(
            d,
            "risks.toml",
            "likelihood = \"certain\"\n",
            "likelihood = \"certain\"\nassessor = { priority = \"immediate\", reason = \"\" }\n",
        )
    }),
    ("rules_bands_share_and_rows", |d| {
        write(
            d,
            "rules.toml",
            "[health]\nbands = [{ health = \"good\", min = 10 }]\n\n[overall]\nred_share_max = 1.5\n\n[risk]\npriorities = [[\"immediate\"]]\n",
        )
    }),
    ("rules_syntax", |d| {
        write(d, "rules.toml", "[score\nstart = 100\n")
    }),
    ("duplicate_key_in_json", |d| {
        edit(
            d,
            "findings/probes/tcp.json",
            "\"title\": \"Prometheus\",",
            "\"title\": \"Prometheus\",\n      \"title\": \"Grafana\",",
        )
    }),
    ("rules_scales_changed_without_the_grid", |d| {
        write(
            d,
            "rules.toml",
            "[risk]\nimpact = [\n  { id = \"low\", label = \"LOW\" },\n  { id = \"high\", label = \"HIGH\" },\n]\n",
        )
    }),
    ("problems_in_several_files", |d| {
        edit(
            d,
            "components/2-backend.toml",
            "severity = \"critical\"",
            "severity = \"critcal\"",
        );
        edit(d, "findings/probes/tcp.json", "\"high\"", "\"hihg\"");
        edit(d, "risks.toml", "impact = \"high\"", "impact = \"huge\"");
    }),
    // Regression: control characters from the input reached the terminal
    // raw (they could clear it or forge lines of a CI log): a value echoed
    // in a message, a raw ESC in a snippet (the caret stays under the
    // escaped text) and a file name, all escaped.
    ("control_characters_in_a_quoted_value", |d| {
        edit(
            d,
            "findings/probes/tcp.json",
            "\"component\": \"monitoring\"",
            "\"component\": \"\\u001b[31mmonitoring\\u0007\"",
        )
    }),
    ("control_characters_in_a_snippet_and_a_file_name", |d| {
        edit(d, "risks.toml", "[[risk]]", "[[risk]]\u{1b}[2J");
        write(d, "findings/x\u{1b}]0;owned\u{7}.toml", "[[finding]\n");
    }),
    // Regression: a character across byte 19 of a date panicked (exit 101).
    ("non_ascii_at_byte_19_of_a_date", |d| {
        edit(
            d,
            "assessment.toml",
            "date = 2025-09-30T14:57:00Z",
            "date = \"2025-09-30T14:57:0é\"",
        )
    }),
    ("non_ascii_at_byte_19_of_observed_at", |d| {
        edit(
            d,
            "findings/probes/tcp.json",
            "\"observed_at\": \"2025-09-30T14:40:00Z\"",
            "\"observed_at\": \"2025-09-30T14:40:0é\"",
        )
    }),
    // Regression: windows that overflow the date panicked in scoring (exit
    // 101); `613566757w` wrapped to `3d`; a `0h` window and windows out of
    // order passed `check` and failed `build` in the HTML renderer with no
    // file or line.
    ("horizon_windows_past_the_year_9999", |d| {
        write(
            d,
            "rules.toml",
            &horizons("4294967295h", "2w", "4294967295d"),
        )
    }),
    ("horizon_window_too_many_weeks", |d| {
        write(d, "rules.toml", &horizons("24h", "613566757w", "2mo"))
    }),
    ("horizon_windows_zero_and_out_of_order", |d| {
        write(d, "rules.toml", &horizons("0h", "2mo", "2w"))
    }),
    // A window the rules file does not give, out of order after one it gives.
    (
        "horizon_window_out_of_order_after_a_partial_rules_file",
        |d| {
            write(
                d,
                "rules.toml",
                "[horizons]\nshort-term = { window = \"100mo\" }\n",
            )
        },
    ),
    // Regression: a review interval past the last representable date panicked.
    ("review_interval_past_the_year_9999", |d| {
        edit(
            d,
            "assessment.toml",
            "review_interval_days = 7",
            "review_interval_days = 100000000",
        )
    }),
    // Regression: an assessment date late enough for the review and the
    // built-in horizons to end after the year 9999 passed `check` and
    // failed `build` in the templates (RFC 3339 dates have four-digit years).
    (
        "built_in_horizons_past_the_year_9999_from_a_late_date",
        |d| {
            edit(
                d,
                "assessment.toml",
                "date = 2025-09-30T14:57:00Z",
                "date = 9999-12-30T14:57:00Z",
            )
        },
    ),
];

/// A rules.toml setting the three horizon windows.
fn horizons(immediate: &str, short: &str, long: &str) -> String {
    format!(
        "[horizons]\nimmediate = {{ window = \"{immediate}\", label = \"I\", within = \"i\" }}\nshort-term = {{ window = \"{short}\", label = \"S\", within = \"s\" }}\nlong-term = {{ window = \"{long}\", label = \"L\", within = \"l\" }}\n"
    )
}

/// Builds a changed copy of the example: (exit status, stderr, whether
/// anything was written); `check` must say the same.
fn run(change: fn(&Path)) -> (Option<i32>, String, bool) {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    common::copy_tree(&common::example(), &input);
    change(&input);
    let out = common::readiness(&["build", "in", "-o", "out"], tmp.path());
    let wrote = tmp.path().join("out").exists();
    let stderr = String::from_utf8(out.stderr).unwrap();
    // `check` rejects what `build` would, in the same words.
    let check = common::readiness(&["check", "in"], tmp.path());
    assert_eq!(check.status.code(), out.status.code(), "{stderr}");
    assert_eq!(String::from_utf8(check.stderr).unwrap(), stderr);
    (out.status.code(), stderr, wrote)
}

#[test]
fn every_class_of_bad_input_is_reported_in_full() {
    for (name, change) in CASES {
        assert_case(name, *change);
    }
}

/// Runs one case: exit status 2, nothing written, the whole stderr as
/// its snapshot.
fn assert_case(name: &str, change: fn(&Path)) {
    let (code, stderr, wrote) = run(change);
    assert_eq!(code, Some(2), "case `{name}`: exit status\n{stderr}");
    assert!(!wrote, "case `{name}`: something was written");
    assert!(
        stderr.len() < 20_000,
        "case `{name}`: {} bytes of stderr",
        stderr.len()
    );
    insta::assert_snapshot!(name, stderr);
}

/// Regression: a FIFO, a folder named `*.json`, a broken link and a link
/// loop under findings/, a folder named `*.toml` in components/ and a FIFO
/// `rules.toml` were skipped silently. Each is a problem of the same run
/// (the FIFOs are never opened: the run does not hang), printed after the
/// warnings for the files that are simply not input.
#[cfg(unix)]
#[test]
fn entries_that_cannot_be_input_are_reported_in_full() {
    assert_case("entries_that_cannot_be_input", |d| {
        use std::os::unix::fs::symlink;
        let findings = d.join("findings");
        let made = std::process::Command::new("mkfifo")
            .arg(findings.join("pipe.json"))
            .arg(d.join("rules.toml"))
            .status()
            .unwrap();
        assert!(made.success());
        std::fs::create_dir(findings.join("folder.json")).unwrap();
        symlink(d.join("nowhere.toml"), findings.join("gone.toml")).unwrap();
        symlink(&findings, findings.join("probes/loop")).unwrap();
        std::fs::create_dir(d.join("components/old.toml")).unwrap();
        write(d, "findings/notes.txt", "todo");
        write(d, "findings/scan.sarif", "{}");
        write(d, "components/README.md", "# x");
        write(d, "components/drafts/8-next.toml", "");
    });
}

#[test]
fn folders_without_input_are_reported() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir(tmp.path().join("empty")).unwrap();
    let out = common::readiness(&["check", "empty"], tmp.path());
    assert_eq!(out.status.code(), Some(2));
    insta::assert_snapshot!("empty_folder", String::from_utf8(out.stderr).unwrap());
    let out = common::readiness(&["check", "missing"], tmp.path());
    assert_eq!(out.status.code(), Some(2));
    insta::assert_snapshot!("missing_folder", String::from_utf8(out.stderr).unwrap());
}

/// Checks a changed copy of the example; panics unless it is accepted.
fn accepted(change: impl Fn(&Path)) -> (tempfile::TempDir, String) {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    common::copy_tree(&common::example(), &input);
    change(&input);
    let out = common::readiness(
        &["build", "in", "-o", "out", "--format", "json"],
        tmp.path(),
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json = std::fs::read_to_string(
        tmp.path()
            .join("out/013a-analytics-2025-09-30/assessment.json"),
    )
    .unwrap();
    (tmp, json)
}

#[test]
fn summary_and_decision_sections_are_optional() {
    accepted(|d| {
        let path = d.join("assessment.toml");
        let text = std::fs::read_to_string(&path).unwrap();
        let start = text.find("[summary]").unwrap();
        let end = text.find("[[key_issue]]").unwrap();
        std::fs::write(&path, format!("{}{}", &text[..start], &text[end..])).unwrap();
    });
}

#[test]
fn a_rules_file_gives_only_the_keys_it_changes() {
    let (_tmp, json) = accepted(|d| {
        write(
            d,
            "rules.toml",
            "[decision]\nyellow = \"no-go\"\n\n[horizons]\nimmediate = { window = \"48h\" }\n",
        )
    });
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let rules = &v["rules"];
    // What the file gives, merged over the built-in rules, is what is recorded.
    assert_eq!(rules["decision"]["yellow"], "no-go", "{rules}");
    assert_eq!(rules["decision"]["green"], "go", "{rules}");
    assert_eq!(rules["horizons"]["immediate"]["window"], "48h", "{rules}");
    assert_eq!(
        rules["horizons"]["immediate"]["label"], "Immediate",
        "{rules}"
    );
    assert_eq!(v["overall"]["decision"], "no-go");
}

#[test]
fn a_byte_order_mark_is_accepted_in_toml_and_json() {
    accepted(|d| {
        for file in ["risks.toml", "findings/probes/tcp.json"] {
            let mut bytes = b"\xEF\xBB\xBF".to_vec();
            bytes.extend(std::fs::read(d.join(file)).unwrap());
            std::fs::write(d.join(file), bytes).unwrap();
        }
    });
}

#[test]
fn a_json_schema_key_is_accepted() {
    accepted(|d| {
        edit(
            d,
            "findings/probes/tcp.json",
            "{\n  \"finding\"",
            "{\n  \"$schema\": \"https://example.com/findings.schema.json\",\n  \"finding\"",
        )
    });
}
