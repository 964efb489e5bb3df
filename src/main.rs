//! The `readiness` command: parses arguments, calls the library, maps the
//! result to an exit status (0 ok, 1 gate failed, 2 invalid input or failure).

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use readiness::cli::{Cli, Command};

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
            pdf_backend,
        } => {
            let mut formats: Vec<readiness::Format> = format.into_iter().map(Into::into).collect();
            formats.sort();
            formats.dedup();
            if formats.contains(&readiness::Format::Pdf) {
                readiness::render::pdf::size_compression_pool(pdf_backend);
            }
            let written = readiness::build_with(
                &dir,
                &out,
                &readiness::BuildOptions {
                    formats,
                    templates,
                    pdf: readiness::render::pdf::PdfOptions {
                        paper,
                        standard: pdf_standard,
                        backend: pdf_backend,
                    },
                },
                &mut warn,
            )?;
            let wrote: String = written
                .iter()
                .map(|path| format!("wrote {}\n", path.display()))
                .collect();
            if let Err(code) = print(&wrote) {
                return Ok(code);
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Check { dir, fail_on } => {
            let a = readiness::assess_with(&dir, &mut warn)?;
            if let Err(code) = print(&readiness::summary(&a)) {
                return Ok(code);
            }
            let tripped = fail_on.is_some_and(|g| g.trips(a.overall.status, a.overall.decision));
            Ok(if tripped {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
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
                    readiness::schema::KINDS.join(", ")
                );
                Ok(ExitCode::from(2))
            }
        },
    }
}
