//! The `readiness` command: parses arguments, calls the library, maps the
//! result to an exit status (0 ok, 1 gate failed, 2 invalid input or failure).

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use readiness::cli::{CheckFormat, Cli, Command};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli.command) {
        Ok(code) => code,
        Err(e) => {
            // Diagnostics escape what they quote from the input; other
            // errors (templates, paths, renderers) are escaped here, line
            // by line, so nothing reaches the terminal raw.
            let text = match &e {
                readiness::Error::Input(d) => d.to_string(),
                other => other
                    .to_string()
                    .lines()
                    .map(readiness::diag::escape_controls)
                    .collect::<Vec<_>>()
                    .join("\n"),
            };
            // Not `eprintln!`: it panics when stderr is closed.
            let _ = writeln!(std::io::stderr().lock(), "{text}");
            ExitCode::from(2)
        }
    }
}

/// The system clock, for `check --fail-on stale` without --now or
/// SOURCE_DATE_EPOCH.
fn clock() -> readiness::model::Timestamp {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    readiness::gate::now_from_env(Some(seconds.to_string())).expect("the clock is a valid time")
}

/// Prints a warning to stderr as soon as it is found.
fn warn(warning: readiness::diag::Warning) {
    let _ = writeln!(std::io::stderr().lock(), "{warning}");
}

/// Writes `text` to stdout. A closed stdout (`readiness schema | head`)
/// is a quiet end of the output, not an error: the rest is dropped and
/// the command keeps its exit status. Any other write error is reported
/// and is an operational failure (`Err(2)`).
fn print(text: &str) -> Result<(), ExitCode> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            let _ = writeln!(
                std::io::stderr().lock(),
                "error: cannot write to stdout: {e}"
            );
            Err(ExitCode::from(2))
        }
        _ => Ok(()),
    }
}

fn run(command: Command) -> Result<ExitCode, readiness::Error> {
    match command {
        Command::Build {
            dir,
            out,
            format,
            templates,
            paper,
            pdf_standard,
            baseline,
            fonts,
            force,
            pdf_backend,
            pdf_name,
        } => {
            let fonts = match fonts.choice() {
                Ok(fonts) => fonts,
                Err(mut problems) => {
                    // Every problem of the run together: the input's too.
                    if let Err(input) =
                        readiness::assess_against(&dir, &baseline.choice(), &mut |_| {})
                    {
                        problems.0.extend(input.0);
                    }
                    return Err(problems.into());
                }
            };
            let mut formats: Vec<readiness::Format> = format.into_iter().map(Into::into).collect();
            formats.sort();
            formats.dedup();
            if formats.contains(&readiness::Format::Pdf) {
                readiness::render::pdf::size_compression_pool(pdf_backend);
            }
            let written = readiness::build_weekly(
                &dir,
                &out,
                &readiness::BuildOptions {
                    formats,
                    templates,
                    pdf: readiness::render::pdf::PdfOptions {
                        paper,
                        standard: pdf_standard,
                        backend: pdf_backend,
                        fonts,
                    },
                    pdf_name,
                },
                &readiness::WeeklyOptions {
                    baseline: baseline.choice(),
                    force,
                },
                &mut warn,
            )?;
            let wrote: String = written
                .written
                .iter()
                .map(|path| format!("wrote {}\n", path.display()))
                .chain(
                    written
                        .removed
                        .iter()
                        .map(|path| format!("removed {}\n", path.display())),
                )
                .collect();
            if let Err(code) = print(&wrote) {
                return Ok(code);
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Site {
            dirs,
            out,
            base_url,
            title,
            paper,
            fonts,
            force,
        } => {
            let fonts = match fonts.choice() {
                Ok(fonts) => fonts,
                Err(problems) => return Ok(site_stopped(&problems, &dirs)),
            };
            site(readiness::site::SiteOptions {
                inputs: dirs,
                out,
                base_url,
                title,
                force,
                pdf: readiness::render::pdf::PdfOptions {
                    paper,
                    fonts,
                    ..Default::default()
                },
            })
        }
        Command::Check {
            dir,
            fail_on,
            format,
            now,
            baseline,
        } => {
            let a = readiness::assess_against(&dir, &baseline.choice(), &mut warn)?;
            // The clock is read only for `stale` and only when neither
            // --now nor SOURCE_DATE_EPOCH says what time it is.
            let now = match now {
                Some(now) => now,
                None if fail_on.contains(&readiness::gate::Gate::Stale) => {
                    readiness::gate::now_from_env(std::env::var("SOURCE_DATE_EPOCH").ok())
                        .unwrap_or_else(clock)
                }
                None => a.date,
            };
            let results = readiness::gate::evaluate(&fail_on, &a, now);
            let text = match format {
                CheckFormat::Text => {
                    let changes = a
                        .changes
                        .as_ref()
                        .map(readiness::gate::report::changes_text)
                        .unwrap_or_default();
                    format!(
                        "{}{changes}{}",
                        readiness::summary(&a),
                        readiness::gate::report::text(&results)
                    )
                }
                CheckFormat::Json => readiness::gate::report::json(&a, &results),
                CheckFormat::Github => {
                    let summary = readiness::gate::report::github_summary(&a, &results);
                    let annotations = readiness::gate::report::github_annotations(&a, &results);
                    match std::env::var_os("GITHUB_STEP_SUMMARY") {
                        Some(path) => {
                            let path = std::path::PathBuf::from(path);
                            readiness::write::append(&path, &summary)
                                .map_err(|source| readiness::Error::Write { path, source })?;
                            annotations
                        }
                        None => format!("{annotations}\n{summary}"),
                    }
                }
            };
            if let Err(code) = print(&text) {
                return Ok(code);
            }
            Ok(if results.iter().any(|r| r.tripped) {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
        Command::Import {
            format,
            files,
            component,
            out,
            group,
        } => {
            let options = readiness::import::ImportOptions {
                format: format.into(),
                files,
                component,
                grouping: group.into(),
            };
            let (path, count) = readiness::import_with(&options, &out, &mut warn)?;
            let noun = if count == 1 { "finding" } else { "findings" };
            if let Err(code) = print(&format!("wrote {} ({count} {noun})\n", path.display())) {
                return Ok(code);
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Next { dir, new, date } => {
            let made = readiness::next::next(
                &dir,
                &readiness::next::NextOptions { date, new },
                &mut warn,
            )?;
            if let Err(code) = print(&format!("wrote {}\n", made.display())) {
                return Ok(code);
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Init { dir, date } => {
            let date = date
                .or_else(|| readiness::gate::now_from_env(std::env::var("SOURCE_DATE_EPOCH").ok()))
                .unwrap_or_else(clock);
            readiness::init::init(&dir, date)?;
            if let Err(code) = print(&format!("wrote {}\n", dir.display())) {
                return Ok(code);
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Probe {
            files,
            out,
            at,
            max_concurrent,
            check,
        } => probe(&files, out.as_deref(), at.as_deref(), max_concurrent, check),
        Command::Schema { kind } => match readiness::schema::schema(kind.as_deref()) {
            Some(schema) => {
                let json = serde_json::to_string_pretty(&schema).expect("schema is JSON");
                if let Err(code) = print(&format!("{json}\n")) {
                    return Ok(code);
                }
                Ok(ExitCode::SUCCESS)
            }
            None => {
                let _ = writeln!(
                    std::io::stderr().lock(),
                    "error: unknown schema kind `{}`; expected one of {}",
                    readiness::diag::escape_controls(&kind.unwrap_or_default()),
                    [readiness::schema::KINDS, readiness::schema::OTHER_KINDS]
                        .concat()
                        .join(", ")
                );
                Ok(ExitCode::from(2))
            }
        },
    }
}

/// `readiness site`: build the site; report each input left out (exit 2)
/// and what was written.
/// A site run stopped before building (its fonts cannot be used): their
/// problems, then the inputs' own, as the site reports them; exit 2.
fn site_stopped(fonts: &readiness::diag::Diagnostics, dirs: &[std::path::PathBuf]) -> ExitCode {
    let mut text: String = fonts.0.iter().map(|d| format!("{d}\n\n")).collect();
    let mut count = fonts.0.len();
    for (input, d) in readiness::site::input_problems(dirs) {
        count += d.0.len();
        text.extend(d.0.iter().map(|d| format!("{d}\n\n")));
        text.push_str(&format!(
            "{} problem{} found in `{}`\n\n",
            d.0.len(),
            if d.0.len() == 1 { "" } else { "s" },
            readiness::diag::escape_controls(&input.display().to_string())
        ));
    }
    text.push_str(&format!(
        "{count} problem{} found; nothing was written\n",
        if count == 1 { "" } else { "s" }
    ));
    let _ = write!(std::io::stderr().lock(), "{text}");
    ExitCode::from(2)
}

fn site(options: readiness::site::SiteOptions) -> Result<ExitCode, readiness::Error> {
    readiness::render::pdf::size_compression_pool(options.pdf.backend);
    let report = readiness::site::build_site(&options)?;
    for w in &report.warnings {
        warn(w.clone());
    }
    // Diagnostics name files relative to their assessment folder: each
    // input's list ends with the folder's name.
    for f in &report.failures {
        let text = match &f.error {
            readiness::Error::Input(d) => {
                let mut text: String = d.0.iter().map(|d| format!("{d}\n\n")).collect();
                text.push_str(&format!(
                    "{} problem{} found in `{}`: left out of the site\n",
                    d.0.len(),
                    if d.0.len() == 1 { "" } else { "s" },
                    readiness::diag::escape_controls(&f.input.display().to_string())
                ));
                text
            }
            other => format!("{}\n", readiness::diag::escape_controls(&other.to_string())),
        };
        let _ = write!(std::io::stderr().lock(), "{text}");
    }
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    if !report.published {
        let text = format!(
            "site {}: nothing published, no input built ({} left out: see the errors above); the site is as it was\n",
            options.out.display(),
            plural(report.failures.len(), "input", "inputs")
        );
        return Ok(print(&text).err().unwrap_or(ExitCode::from(2)));
    }
    let mut text = format!(
        "site {}: {}, {} ({} drawn); {} written, {} unchanged",
        options.out.display(),
        plural(report.systems, "system", "systems"),
        plural(report.weeks, "week", "weeks"),
        report.weeks_drawn,
        plural(report.written, "file", "files"),
        report.unchanged,
    );
    if report.removed > 0 {
        text.push_str(&format!(", {} removed", report.removed));
    }
    text.push('\n');
    if !report.failures.is_empty() {
        text.push_str(&format!(
            "{} left out: see the errors above\n",
            plural(report.failures.len(), "input", "inputs")
        ));
    }
    if let Err(code) = print(&text) {
        return Ok(code);
    }
    Ok(if report.failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    })
}

/// `readiness probe`: check the files, run their probes (a live line per
/// probe on a terminal), write the findings, print the summary table.
fn probe(
    files: &[std::path::PathBuf],
    out: Option<&std::path::Path>,
    at: Option<&str>,
    max_concurrent: u16,
    check: bool,
) -> Result<ExitCode, readiness::Error> {
    use std::io::IsTerminal;
    let checked = readiness::probe::check_files(files)?;
    let at = readiness::probe::observed_at(at)?;
    let Some(out) = out.filter(|_| !check) else {
        let n: usize = checked.iter().map(|f| f.probes.len()).sum();
        let text = format!(
            "{n} probe{} in {} file{}: valid\n",
            if n == 1 { "" } else { "s" },
            checked.len(),
            if checked.len() == 1 { "" } else { "s" }
        );
        return Ok(print(&text).err().unwrap_or(ExitCode::SUCCESS));
    };
    let live = std::io::stderr().is_terminal();
    let (written, results) = readiness::probe::run(
        &checked,
        out,
        at,
        usize::from(max_concurrent),
        &mut |done, total, r| {
            if live {
                let _ = writeln!(
                    std::io::stderr().lock(),
                    "[{done}/{total}] {:<9} {}",
                    r.verdict(),
                    readiness::diag::escape_controls(&r.id)
                );
            }
        },
    )?;
    let mut text: String = results
        .iter()
        .map(|r| readiness::probe::runner::summary_table(r))
        .collect();
    for path in written {
        text.push_str(&format!("wrote {}\n", path.display()));
    }
    Ok(print(&text).err().unwrap_or(ExitCode::SUCCESS))
}
