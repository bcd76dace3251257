//! `convene check FILE`: every problem at once, with where it is and what would be right.

use std::path::PathBuf;
use std::process::ExitCode;

use convene_core::{CheckOptions, Language};

use super::{ERRORS, parse_hours, read_programme, stdout_is_terminal};

#[derive(clap::Args)]
pub struct Args {
    /// The programme file (TOML).
    pub file: PathBuf,
    /// Local hours in which an online or hybrid session is reasonable in every zone it shows.
    #[arg(long, value_name = "HH:MM-HH:MM", default_value = "07:00-22:00", value_parser = parse_hours)]
    pub waking_hours: (jiff::civil::Time, jiff::civil::Time),
    /// `text` for people, `json` for programs.
    #[arg(long, value_enum, default_value = "text")]
    pub format: ReportFormat,
    /// The language of the report: fr, en or tr (default: the language of LC_ALL, LC_MESSAGES or
    /// LANG, else English).
    #[arg(long, value_parser = super::language::parse)]
    pub lang: Option<Language>,
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum ReportFormat {
    Text,
    Json,
}

pub fn run(args: Args) -> ExitCode {
    let options = CheckOptions {
        waking_hours: args.waking_hours,
    };
    let file = match read_programme(&args.file, &options) {
        Ok(file) => file,
        Err(code) => return code,
    };
    let report = match args.format {
        ReportFormat::Text => file.report(
            &super::language::words(args.lang.as_ref()),
            stdout_is_terminal(),
        ),
        ReportFormat::Json => json_report(&file),
    };
    print!("{report}");
    if file.loaded.has_errors() {
        ExitCode::from(ERRORS)
    } else {
        ExitCode::SUCCESS
    }
}

fn json_report(file: &super::ProgrammeFile) -> String {
    let lines = convene_core::diagnostic::LineIndex::new(&file.source);
    let diagnostics: Vec<serde_json::Value> = file
        .loaded
        .diagnostics
        .iter()
        .map(|d| {
            let mut value = serde_json::to_value(d).unwrap_or_default();
            if let (Some(span), Some(object)) = (&d.span, value.as_object_mut()) {
                let (line, column) = lines.line_column(span.start);
                object.insert("line".into(), line.into());
                object.insert("column".into(), column.into());
            }
            value
        })
        .collect();
    let report = serde_json::json!({
        "file": file.path.display().to_string(),
        "errors": file.loaded.diagnostics.iter().filter(|d| d.is_error()).count(),
        "warnings": file.loaded.diagnostics.iter().filter(|d| !d.is_error()).count(),
        "diagnostics": diagnostics,
    });
    format!(
        "{}\n",
        serde_json::to_string_pretty(&report).unwrap_or_default()
    )
}
