//! The real binary: exit statuses, outputs, determinism.

mod common;

use common::{example, readiness, snapshot_tree};

#[test]
fn check_gates_exit_with_the_documented_statuses() {
    let dir = example();
    let dir = dir.to_str().unwrap();
    let tmp = tempfile::tempdir().unwrap();
    for (gate, code) in [("yellow", 1), ("conditional", 1), ("red", 0), ("no-go", 0)] {
        let out = readiness(&["check", dir, "--fail-on", gate], tmp.path());
        assert_eq!(
            out.status.code(),
            Some(code),
            "--fail-on {gate}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let out = readiness(&["check", dir], tmp.path());
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains("overall YELLOW  decision CONDITIONAL GO"),
        "{stdout}"
    );
}

#[test]
fn invalid_input_exits_2_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    common::copy_tree(&example(), &input);
    std::fs::write(input.join("risks.toml"), "[[risk]]\nid = \"x\"\n").unwrap();
    let out = readiness(&["build", "in", "-o", "out"], tmp.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        !tmp.path().join("out").exists(),
        "nothing may be written on invalid input"
    );
    let out = readiness(&["check", "in", "--fail-on", "no-go"], tmp.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("risks.toml:"));
}

#[test]
fn a_failed_build_leaves_earlier_outputs_untouched() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    common::copy_tree(&example(), &input);
    assert_eq!(
        readiness(&["build", "in", "-o", "out"], tmp.path())
            .status
            .code(),
        Some(0)
    );
    let before = snapshot_tree(&tmp.path().join("out"));
    std::fs::write(input.join("components/1-frontend.toml"), "id = \n").unwrap();
    assert_eq!(
        readiness(&["build", "in", "-o", "out"], tmp.path())
            .status
            .code(),
        Some(2)
    );
    assert_eq!(snapshot_tree(&tmp.path().join("out")), before);
}

#[test]
fn build_writes_every_format_into_id_and_date() {
    let tmp = tempfile::tempdir().unwrap();
    let out = readiness(
        &["build", example().to_str().unwrap(), "-o", "out"],
        tmp.path(),
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let files: Vec<_> = snapshot_tree(&tmp.path().join("out"))
        .into_iter()
        .map(|(p, _)| p.display().to_string())
        .collect();
    assert_eq!(
        files,
        [
            "013a-analytics-2025-09-30/.readiness-build.json",
            "013a-analytics-2025-09-30/assessment.json",
            "013a-analytics-2025-09-30/report.html",
            "013a-analytics-2025-09-30/report.md",
            "013a-analytics-2025-09-30/report.pdf"
        ]
    );
}

#[test]
fn builds_are_byte_identical_across_time_zones_and_locales() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = example();
    let run = |out: &str, tz: &str, lc: &str| {
        let status = std::process::Command::new(env!("CARGO_BIN_EXE_readiness"))
            .args(["build", dir.to_str().unwrap(), "-o", out])
            .current_dir(tmp.path())
            .env("TZ", tz)
            .env("LC_ALL", lc)
            .status()
            .unwrap();
        assert!(status.success());
        snapshot_tree(&tmp.path().join(out))
    };
    let a = run("a", "UTC", "C");
    let b = run("b", "Pacific/Chatham", "de_DE.UTF-8");
    assert!(!a.is_empty());
    assert_eq!(a, b);
}

#[test]
fn schema_prints_json_schema() {
    let tmp = tempfile::tempdir().unwrap();
    let out = readiness(&["schema", "component"], tmp.path());
    assert_eq!(out.status.code(), Some(0));
    let schema: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(schema["additionalProperties"], false);
    assert!(schema["properties"]["finding"].is_object());
    let all: serde_json::Value =
        serde_json::from_slice(&readiness(&["schema"], tmp.path()).stdout).unwrap();
    assert_eq!(all["anyOf"].as_array().unwrap().len(), 6);
    assert_eq!(
        readiness(&["schema", "nope"], tmp.path()).status.code(),
        Some(2)
    );
}

#[test]
fn user_templates_override_builtins_file_by_file() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(tmp.path().join("tpl/md")).unwrap();
    std::fs::write(
        tmp.path().join("tpl/md/component.md.tera"),
        "### {{ c.name }} is {{ c.status }}\n",
    )
    .unwrap();
    let build = |extra: &[&str]| {
        let example = example();
        let args = [
            &["build", example.to_str().unwrap(), "--templates", "tpl"],
            extra,
        ]
        .concat();
        readiness(&args, tmp.path())
    };
    let out = build(&["-o", "out", "--format", "md"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let md = std::fs::read_to_string(tmp.path().join("out/013a-analytics-2025-09-30/report.md"))
        .unwrap();
    assert!(md.contains("### Monitoring & Observability is red"));
    assert!(
        md.contains("## Risk Assessment Matrix"),
        "the other templates stay built in"
    );

    std::fs::write(
        tmp.path().join("tpl/md/component.md.tera"),
        "{{ c.nmae }}\n",
    )
    .unwrap();
    let out = build(&["-o", "out2"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("md/component.md.tera") && err.contains("c.nmae"),
        "{err}"
    );
    assert!(!tmp.path().join("out2").exists());
}

/// Regression: `readiness schema | head -c 1` panicked on the broken pipe
/// (exit 101). A closed stdout ends each command quietly, keeping its
/// exit status (the gate of `check` included).
#[test]
fn a_closed_stdout_ends_quietly() {
    use std::process::{Command, Stdio};
    let tmp = tempfile::tempdir().unwrap();
    let example = example();
    let example = example.to_str().unwrap();
    for (args, code) in [
        (&["schema"][..], 0),
        (&["check", example], 0),
        (&["check", example, "--fail-on", "yellow"], 1),
        (&["build", example, "-o", "out", "--format", "md,json"], 0),
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_readiness"))
            .args(args)
            .current_dir(tmp.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Closed before the child writes: its first write gets EPIPE.
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        assert_eq!(
            (
                out.status.code(),
                String::from_utf8_lossy(&out.stderr).as_ref()
            ),
            (Some(code), ""),
            "{args:?}"
        );
    }
    assert!(
        tmp.path()
            .join("out/013a-analytics-2025-09-30/report.md")
            .is_file()
    );
}

/// No control character from the input reaches the terminal raw.
fn assert_no_raw_controls(what: &str, text: &str) {
    assert!(
        !text.chars().any(|c| c.is_control() && c != '\n'),
        "{what} has a raw control character: {text:?}"
    );
}

/// Regression: a component name with ESC sequences was printed raw by
/// `check` (and values echoed in diagnostics, and snippets of lines with
/// raw control bytes, likewise): input could clear or retitle the terminal
/// and forge lines of a CI log.
#[test]
fn control_characters_from_input_are_escaped_on_the_terminal() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    common::copy_tree(&example(), &input);
    let edit = |file: &str, from: &str, to: &str| {
        let p = input.join(file);
        let t = std::fs::read_to_string(&p).unwrap();
        assert!(t.contains(from), "{from}");
        std::fs::write(&p, t.replacen(from, to, 1)).unwrap();
    };
    edit(
        "components/1-frontend.toml",
        "name = \"Frontend Application (React + Three.js)\"",
        "name = \"Front\\u001b[2J\\u001b]0;owned\\u0007end\\u0000\\r\\nGREEN all fine\"",
    );
    let out = readiness(&["check", "in"], tmp.path());
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_no_raw_controls("check", &stdout);
    assert!(
        stdout.contains("Front\\u{1b}[2J\\u{1b}]0;owned\\u{7}end\\u{0}\\u{d}\\u{a}GREEN all fine"),
        "{stdout}"
    );

    // A value echoed in a diagnostic.
    edit(
        "findings/probes/tcp.json",
        "\"component\": \"monitoring\"",
        "\"component\": \"\\u001b[31mmonitoring\\u0007\"",
    );
    let out = readiness(&["check", "in"], tmp.path());
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_no_raw_controls("diagnostics", &stderr);
    assert!(
        stderr.contains("unknown component `\\u{1b}[31mmonitoring\\u{7}`"),
        "{stderr}"
    );

    // A raw control byte in a line shown as a snippet; the caret stays
    // under the escaped character.
    edit("risks.toml", "[[risk]]", "[[risk]]\u{1b}[2J");
    let out = readiness(&["check", "in"], tmp.path());
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_no_raw_controls("diagnostics", &stderr);
    assert!(
        stderr.contains("\n1 | [[risk]]\\u{1b}[2J\n  |         ^^^^^^\n"),
        "{stderr}"
    );

    // Errors that are not diagnostics: here a file where the output
    // folder should go, named with an ESC in it.
    std::fs::write(tmp.path().join("o\u{1b}[2J"), "a file").unwrap();
    let out = readiness(
        &["build", example().to_str().unwrap(), "-o", "o\u{1b}[2J"],
        tmp.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_no_raw_controls("errors", &stderr);
    assert!(
        stderr.starts_with("cannot write `o\\u{1b}[2J/013a-analytics-2025-09-30`: "),
        "{stderr}"
    );
}

/// A copy of the example in `tmp/in`, and a findings file with one
/// critical frontend finding in `tmp/elsewhere/<name>`.
#[cfg(unix)]
fn example_and_linked_finding(tmp: &std::path::Path, name: &str) -> std::path::PathBuf {
    common::copy_tree(&example(), &tmp.join("in"));
    let elsewhere = tmp.join("elsewhere");
    std::fs::create_dir_all(&elsewhere).unwrap();
    std::fs::write(
        elsewhere.join(name),
        format!(
            "[[finding]]\nid = \"{}\"\ncomponent = \"frontend\"\ntitle = \"Linked\"\nseverity = \"critical\"\n",
            name.trim_end_matches(".toml")
        ),
    )
    .unwrap();
    elsewhere
}

/// Regression: findings (and components) reached through a symbolic link
/// were skipped silently, so a linked critical finding bypassed the CI
/// gate; files that are not input were skipped without a word.
#[cfg(unix)]
#[test]
fn linked_findings_are_read_and_skipped_files_are_named() {
    use std::os::unix::fs::symlink;
    let tmp = tempfile::tempdir().unwrap();
    let elsewhere = example_and_linked_finding(tmp.path(), "linked-file.toml");
    std::fs::create_dir(elsewhere.join("more")).unwrap();
    std::fs::write(
        elsewhere.join("more/linked-dir.toml"),
        "[[finding]]\nid = \"linked-dir\"\ncomponent = \"frontend\"\ntitle = \"In a linked folder\"\nseverity = \"high\"\n",
    )
    .unwrap();
    let findings = tmp.path().join("in/findings");
    symlink(
        elsewhere.join("linked-file.toml"),
        findings.join("linked.toml"),
    )
    .unwrap();
    symlink(elsewhere.join("more"), findings.join("more")).unwrap();
    std::fs::write(findings.join("notes.txt"), "todo").unwrap();
    std::fs::write(findings.join("scan.sarif"), "{}").unwrap();
    std::fs::write(findings.join(".gitkeep"), "").unwrap();
    std::fs::write(tmp.path().join("in/components/README.md"), "# x").unwrap();
    // A component file that is a link.
    let component = tmp.path().join("in/components/7-testing.toml");
    std::fs::rename(&component, elsewhere.join("testing.toml")).unwrap();
    symlink(elsewhere.join("testing.toml"), &component).unwrap();

    let out = readiness(&["check", "in", "--fail-on", "no-go"], tmp.path());
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    // The linked critical finding counts: no immediate action, so NO-GO.
    assert_eq!(out.status.code(), Some(1), "{stdout}{stderr}");
    assert!(
        stdout.contains("[open: 1 critical, 1 high, 0 medium, 2 low]"),
        "{stdout}"
    );
    assert!(
        stdout.contains("critical findings without an immediate action: linked-file"),
        "{stdout}"
    );
    assert!(
        stdout.contains("Testing & Quality Assurance  [open: 0 critical, 1 high, 3 medium, 0 low]"),
        "{stdout}"
    );
    assert_eq!(
        stderr,
        "warning: components/README.md: not read: only .toml and .json files in components/ are input\n\
         warning: findings/notes.txt: not read: only .toml and .json files in findings/ are input\n\
         warning: findings/scan.sarif: not read: SARIF and XML reports are not input; turn them into findings with `readiness import sarif|junit FILE --component ID -o findings/imported/NAME.json`\n"
    );
}

/// Regression: a FIFO, a folder named `*.json`, a broken link and a link
/// loop under findings/ (and a FIFO `rules.toml`) were skipped silently. Each is a problem of the
/// same run; the FIFO is never opened (the run does not hang).
#[cfg(unix)]
#[test]
fn entries_that_cannot_be_input_are_problems() {
    use std::os::unix::fs::symlink;
    let tmp = tempfile::tempdir().unwrap();
    common::copy_tree(&example(), &tmp.path().join("in"));
    let findings = tmp.path().join("in/findings");
    let made = std::process::Command::new("mkfifo")
        .arg(findings.join("pipe.json"))
        .arg(tmp.path().join("in/rules.toml"))
        .status()
        .unwrap();
    assert!(made.success());
    std::fs::create_dir(findings.join("folder.json")).unwrap();
    symlink(tmp.path().join("nowhere.toml"), findings.join("gone.toml")).unwrap();
    symlink(&findings, findings.join("probes/loop")).unwrap();
    std::fs::create_dir(tmp.path().join("in/components/old.toml")).unwrap();

    let out = readiness(&["build", "in", "-o", "out"], tmp.path());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    for expected in [
        "error: components/old.toml: is a folder, not a file; expected a TOML or JSON file\n",
        "error: findings/folder.json: is a folder, not a file; expected a TOML or JSON file\n",
        "error: findings/gone.toml: is a broken symbolic link\n",
        "error: findings/pipe.json: is a FIFO, not a regular file; it is not read\n",
        "error: findings/probes/loop: is a symbolic link loop (back to `findings`); it is not followed\n",
        "error: rules.toml: is a FIFO, not a regular file; it is not read\n",
    ] {
        assert!(stderr.contains(expected), "{expected}\n{stderr}");
    }
    assert!(
        stderr.ends_with("6 problems found; nothing was written\n"),
        "{stderr}"
    );
    assert!(!tmp.path().join("out").exists());
}

/// Every file under `dir` whose name starts with a dot (temporaries,
/// backups, the lock).
fn hidden_files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    snapshot_tree(dir)
        .into_iter()
        .map(|(p, _)| p)
        .filter(|p| {
            // The build manifest is part of the set, not litter.
            p.file_name().is_some_and(|n| {
                n.to_string_lossy().starts_with('.') && n != readiness::write::MANIFEST
            })
        })
        .collect()
}

/// Regression: when one rename failed (here a folder where report.pdf
/// goes), the outputs renamed before it stayed new: a mixed set.
#[test]
fn a_failed_commit_leaves_the_previous_set_whole() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    common::copy_tree(&example(), &input);
    let out = readiness(
        &["build", "in", "-o", "out", "--format", "md,json,html"],
        tmp.path(),
    );
    assert_eq!(out.status.code(), Some(0));
    let target = tmp.path().join("out/013a-analytics-2025-09-30");
    std::fs::create_dir(target.join("report.pdf")).unwrap();
    std::fs::write(target.join("report.pdf/keep"), "mine").unwrap();
    let before = snapshot_tree(&tmp.path().join("out"));
    let path = input.join("assessment.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replacen("version = \"AIA System v3.0.0\"", "version = \"v4\"", 1),
    )
    .unwrap();
    let out = readiness(&["build", "in", "-o", "out", "--force"], tmp.path());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert_eq!(
        stderr,
        "cannot write `out/013a-analytics-2025-09-30/report.pdf`: is a folder, not a file: remove or rename it\n"
    );
    assert_eq!(snapshot_tree(&tmp.path().join("out")), before);
}

/// Regression: temporary files of a killed build stayed in the output
/// folder forever; the next build removes them.
#[test]
fn the_next_build_removes_what_a_killed_build_left() {
    let tmp = tempfile::tempdir().unwrap();
    let target = tmp.path().join("out/013a-analytics-2025-09-30");
    std::fs::create_dir_all(&target).unwrap();
    for litter in [
        ".report.pdf.tmp-999999",
        ".report.md.bak-999999",
        ".readiness.lock",
    ] {
        std::fs::write(target.join(litter), "left by a killed build").unwrap();
    }
    let out = readiness(
        &[
            "build",
            example().to_str().unwrap(),
            "-o",
            "out",
            "--format",
            "md",
        ],
        tmp.path(),
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        hidden_files(&tmp.path().join("out")),
        Vec::<std::path::PathBuf>::new()
    );
    assert!(target.join("report.md").is_file());
}

/// Two real builds into one folder at once, different inputs: the folder
/// always ends with one build's whole set; a build that finds the folder
/// taken fails with exit 2 and says so.
#[test]
fn concurrent_builds_never_mix_their_outputs() {
    let tmp = tempfile::tempdir().unwrap();
    for (name, version) in [("a", "version A"), ("b", "version B")] {
        let input = tmp.path().join(name);
        common::copy_tree(&example(), &input);
        let path = input.join("assessment.toml");
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, text.replacen("AIA System v3.0.0", version, 1)).unwrap();
    }
    let target = tmp.path().join("out/013a-analytics-2025-09-30");
    for _ in 0..4 {
        let spawn = |input: &str| {
            std::process::Command::new(env!("CARGO_BIN_EXE_readiness"))
                // Two inputs into one folder: each replaces the other's set.
                .args([
                    "build",
                    input,
                    "-o",
                    "out",
                    "--format",
                    "md,json,html",
                    "--force",
                ])
                .current_dir(tmp.path())
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        };
        let (a, b) = (spawn("a"), spawn("b"));
        for child in [a, b] {
            let out = child.wait_with_output().unwrap();
            let stderr = String::from_utf8(out.stderr).unwrap();
            match out.status.code() {
                Some(0) => assert_eq!(stderr, ""),
                Some(2) => assert!(
                    stderr.contains("another build is writing into this folder"),
                    "{stderr}"
                ),
                code => panic!("exit {code:?}: {stderr}"),
            }
        }
        let md = std::fs::read_to_string(target.join("report.md")).unwrap();
        let json = std::fs::read_to_string(target.join("assessment.json")).unwrap();
        let html = std::fs::read_to_string(target.join("report.html")).unwrap();
        let version = if md.contains("version A") {
            "version A"
        } else {
            "version B"
        };
        assert!(md.contains(version) && json.contains(version) && html.contains(version));
        assert_eq!(
            hidden_files(&tmp.path().join("out")),
            Vec::<std::path::PathBuf>::new()
        );
    }
}

/// A build killed (SIGKILL) while its outputs are staged leaves hidden
/// temporaries and its lock; the next build removes them and writes the
/// whole set.
#[test]
fn a_build_killed_mid_way_is_cleaned_up_by_the_next() {
    let tmp = tempfile::tempdir().unwrap();
    let example = example();
    let args = ["build", example.to_str().unwrap(), "-o", "out"];
    let target = tmp.path().join("out/013a-analytics-2025-09-30");
    let mut caught = false;
    for _ in 0..10 {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_readiness"))
            .args(args)
            .current_dir(tmp.path())
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let started = std::time::Instant::now();
        // The text formats are staged while the PDF is still drawing.
        while child.try_wait().unwrap().is_none() && started.elapsed().as_secs() < 20 {
            if hidden_files(&tmp.path().join("out"))
                .iter()
                .any(|p| p.to_string_lossy().contains(".tmp-"))
            {
                child.kill().unwrap();
                caught = true;
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
        child.wait().unwrap();
        if caught {
            break;
        }
        let _ = std::fs::remove_dir_all(tmp.path().join("out"));
    }
    assert!(caught, "no build was caught with staged outputs");
    assert!(!hidden_files(&tmp.path().join("out")).is_empty());
    let out = readiness(&args, tmp.path());
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        hidden_files(&tmp.path().join("out")),
        Vec::<std::path::PathBuf>::new()
    );
    for name in ["report.md", "assessment.json", "report.html", "report.pdf"] {
        assert!(target.join(name).is_file(), "{name}");
    }
}

/// Regression: a rename failing after others (here an immutable
/// report.html, `chattr +i`) left the formats renamed before it new.
/// Needs `chattr` and the right to use it (root on ext4, say); skipped
/// with a printed reason otherwise.
#[cfg(target_os = "linux")]
#[test]
fn an_immutable_output_rolls_the_whole_set_back() {
    use std::io::Write as _;
    struct Mutable(std::path::PathBuf);
    impl Drop for Mutable {
        fn drop(&mut self) {
            let _ = std::process::Command::new("chattr")
                .arg("-i")
                .arg(&self.0)
                .status();
        }
    }
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    common::copy_tree(&example(), &input);
    let formats = ["--format", "md,json,html"];
    let out = readiness(
        &[&["build", "in", "-o", "out"][..], &formats].concat(),
        tmp.path(),
    );
    assert_eq!(out.status.code(), Some(0));
    let html = tmp.path().join("out/013a-analytics-2025-09-30/report.html");
    let _undo = Mutable(html.clone());
    let locked = std::process::Command::new("chattr")
        .arg("+i")
        .arg(&html)
        .output();
    if !locked.as_ref().is_ok_and(|o| o.status.success()) {
        let _ = writeln!(
            std::io::stderr().lock(),
            "SKIPPED an_immutable_output_rolls_the_whole_set_back: `chattr +i` is not available here"
        );
        return;
    }
    let before = snapshot_tree(&tmp.path().join("out"));
    let path = input.join("assessment.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replacen("AIA System v3.0.0", "v4", 1)).unwrap();
    let out = readiness(
        &[&["build", "in", "-o", "out", "--force"][..], &formats].concat(),
        tmp.path(),
    );
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.starts_with("cannot write `out/013a-analytics-2025-09-30/report.html`: "),
        "{stderr}"
    );
    assert_eq!(snapshot_tree(&tmp.path().join("out")), before);
}

/// Links that fan out to the same folders are walked once per folder,
/// not once per path: 24 levels of two links each are 16 million paths.
#[cfg(unix)]
#[test]
fn a_folder_reached_by_many_links_is_read_once() {
    use std::os::unix::fs::symlink;
    let tmp = tempfile::tempdir().unwrap();
    common::copy_tree(&example(), &tmp.path().join("in"));
    let levels = tmp.path().join("levels");
    for level in 0..24 {
        let here = levels.join(level.to_string());
        std::fs::create_dir_all(&here).unwrap();
        if level < 23 {
            for link in ["x", "y"] {
                symlink(levels.join((level + 1).to_string()), here.join(link)).unwrap();
            }
        }
    }
    std::fs::write(
        levels.join("23/deep.toml"),
        "[[finding]]\nid = \"deep\"\ncomponent = \"frontend\"\ntitle = \"Deep\"\nseverity = \"low\"\n",
    )
    .unwrap();
    symlink(levels.join("0"), tmp.path().join("in/findings/levels")).unwrap();
    let out = readiness(&["check", "in"], tmp.path());
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    // The deep finding counts once.
    assert!(
        stdout.contains("[open: 0 critical, 0 high, 0 medium, 3 low]"),
        "{stdout}"
    );
    assert_eq!(stderr.lines().count(), 23, "{stderr}");
    assert!(
        stderr.ends_with("\nwarning: findings/levels/y: not read: the same folder as `findings/levels/x`, read already\n"),
        "{stderr}"
    );
}

/// `--pdf-name` names the PDF for a change ticket, the page links to it, a
/// rebuild with another name replaces the old file, a bad pattern is a
/// usage error (exit 2) that writes nothing; the PDF's subject carries the
/// decision.
#[test]
fn the_pdf_can_be_named_for_a_ticket() {
    let out = tempfile::tempdir().unwrap();
    let dir = common::example();
    let build = |name: &str| {
        common::readiness(
            &[
                "build",
                dir.to_str().unwrap(),
                "-o",
                out.path().to_str().unwrap(),
                "--pdf-name",
                name,
            ],
            &dir,
        )
    };
    let run = build("{id}-readiness-{date}-{decision}.pdf");
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let folder = out.path().join("013a-analytics-2025-09-30");
    let pdf = folder.join("013a-analytics-readiness-2025-09-30-conditional-go.pdf");
    assert!(pdf.is_file());
    assert!(!folder.join("report.pdf").exists());
    let html = std::fs::read_to_string(folder.join("report.html")).unwrap();
    assert!(
        html.contains("<a href=\"013a-analytics-readiness-2025-09-30-conditional-go.pdf\">PDF</a>")
    );
    match std::process::Command::new("pdfinfo").arg(&pdf).output() {
        Ok(o) => {
            let info = String::from_utf8_lossy(&o.stdout);
            assert!(
                info.contains("Deployment decision: CONDITIONAL GO"),
                "{info}"
            );
        }
        Err(e) => common::tool_missing(&format!("pdfinfo: {e}")),
    }
    // Renamed: the earlier PDF of this build goes with the same commit.
    let run = build("{id}.pdf");
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(folder.join("013a-analytics.pdf").is_file());
    assert!(!pdf.exists());
    // A path or a placeholder that does not exist: exit 2, nothing written.
    for bad in ["../escape.pdf", "{system}.pdf", "notes.txt"] {
        let before = common::snapshot_tree(out.path());
        let run = build(bad);
        assert_eq!(run.status.code(), Some(2), "{bad}");
        assert!(
            String::from_utf8_lossy(&run.stderr).contains("--pdf-name"),
            "{bad}"
        );
        assert_eq!(common::snapshot_tree(out.path()), before, "{bad}");
    }
}

/// Issue 14: text the PDF's fonts lack is never a silent box: the build
/// names the characters, the file, the place and the field, and still
/// writes every format (the PDF draws a visible replacement).
#[test]
fn text_the_pdf_fonts_lack_is_warned_about_with_its_field() {
    let dir = common::edited_example(&[(
        "components/1-frontend.toml",
        "title = \"Technology Stack\"",
        "title = \"技術スタック Technology Stack\"",
    )]);
    let out = tempfile::tempdir().unwrap();
    let run = readiness(
        &["build", ".", "-o", out.path().to_str().unwrap()],
        dir.path(),
    );
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&run.stderr),
        "warning: components/1-frontend.toml:10:9: field `strength[1].title`: the PDF's fonts have no glyph for 技 (U+6280), 術 (U+8853), ス (U+30B9), タ (U+30BF), ッ (U+30C3), ク (U+30AF): the PDF draws \u{fffd} in their place (the Markdown and HTML keep them); give a font that has them with `--font PATH` or `--system-fonts`\n"
    );
    // Only a build that draws a PDF warns.
    let md = readiness(
        &[
            "build",
            ".",
            "-o",
            out.path().to_str().unwrap(),
            "--format",
            "md",
            "--force",
        ],
        dir.path(),
    );
    assert!(md.status.success());
    assert_eq!(String::from_utf8_lossy(&md.stderr), "");
}
