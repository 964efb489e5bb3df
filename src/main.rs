//! The `readiness` command: parses arguments, calls the library, maps the
//! result to an exit status (0 ok, 1 gate failed, 2 invalid input or failure).

use std::process::ExitCode;

use clap::Parser;
use readiness::cli::{Cli, Command};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli.command) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(2)
        }
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
        } => {
            let mut formats: Vec<readiness::Format> = format.into_iter().map(Into::into).collect();
            formats.sort();
            formats.dedup();
            if formats.contains(&readiness::Format::Pdf) {
                readiness::render::pdf::size_compression_pool();
            }
            let written = readiness::build(
                &dir,
                &out,
                &readiness::BuildOptions {
                    formats,
                    templates,
                    pdf: readiness::render::pdf::PdfOptions {
                        paper,
                        standard: pdf_standard,
                    },
                },
            )?;
            for path in written {
                println!("wrote {}", path.display());
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Check { dir, fail_on } => {
            let a = readiness::assess(&dir)?;
            print!("{}", readiness::summary(&a));
            let tripped = fail_on.is_some_and(|g| g.trips(a.overall.status, a.overall.decision));
            Ok(if tripped {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
        Command::Schema { kind } => match readiness::schema::schema(kind.as_deref()) {
            Some(schema) => {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&schema).expect("schema is JSON")
                );
                Ok(ExitCode::SUCCESS)
            }
            None => {
                eprintln!(
                    "error: unknown schema kind `{}`; expected one of {}",
                    kind.unwrap_or_default(),
                    readiness::schema::KINDS.join(", ")
                );
                Ok(ExitCode::from(2))
            }
        },
    }
}
