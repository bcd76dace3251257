//! `convene export FILE --format ics`: the exports the website serves, made offline from a file, or
//! from the store with `--event ID` (the event's draft, else its published programme).

use std::path::PathBuf;
use std::process::ExitCode;

use convene_core::locale::Localizer;
use convene_core::{
    CheckOptions, ExportContext, ExportFormat, Keyword, Language, ProgrammeView, ViewOptions,
};

use super::{ERRORS, UNUSABLE, read_programme, stderr_is_terminal, write_output};

#[derive(clap::Args)]
pub struct Args {
    /// The programme file (TOML).
    #[arg(required_unless_present = "event", conflicts_with = "event")]
    pub file: Option<PathBuf>,
    /// Export an event from the store instead: its draft, or its published programme if it has none.
    #[arg(long)]
    pub event: Option<String>,
    /// The store, with --event.
    #[arg(
        long,
        env = "CONVENE_DATABASE_URL",
        default_value = "sqlite://convene.db"
    )]
    pub database: String,
    /// ics, c3voc-xml, c3voc-json, json or toml.
    #[arg(long, value_parser = parse_format)]
    pub format: ExportFormat,
    /// The language of titles and descriptions (default: the programme's source language).
    #[arg(long, value_parser = |s: &str| Language::parse(s).map_err(|e| e.to_string()))]
    pub lang: Option<Language>,
    /// Where the public site lives, for links in the export.
    #[arg(
        long,
        env = "CONVENE_BASE_URL",
        default_value = "http://127.0.0.1:8080"
    )]
    pub base_url: String,
    /// The version to write into the export.
    #[arg(long, default_value = "1")]
    pub version: String,
    /// Write the export here instead of to standard output.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
}

fn parse_format(word: &str) -> Result<ExportFormat, String> {
    ExportFormat::from_keyword(word).ok_or_else(|| {
        format!(
            "\"{word}\" is not an export format; write {}",
            ExportFormat::expected()
        )
    })
}

pub fn run(args: Args) -> ExitCode {
    let programme = match (&args.file, &args.event) {
        (Some(path), _) => {
            let file = match read_programme(path, &CheckOptions::default()) {
                Ok(file) => file,
                Err(code) => return code,
            };
            match file.loaded.programme {
                Some(programme) => programme,
                None => {
                    eprint!(
                        "{}",
                        file.report(&super::language::words(None), stderr_is_terminal())
                    );
                    return ExitCode::from(ERRORS);
                }
            }
        }
        (None, Some(event)) => match from_store(&args.database, event) {
            Ok(programme) => programme,
            Err(code) => return code,
        },
        (None, None) => return ExitCode::from(UNUSABLE),
    };
    let programme = &programme;
    let lang = args
        .lang
        .clone()
        .unwrap_or_else(|| programme.event.source_language.clone());
    if !programme.event.declares(&lang) {
        eprintln!("error: the programme is not published in \"{lang}\"");
        return ExitCode::from(UNUSABLE);
    }
    let words = Localizer::new(&lang);
    let view = ProgrammeView::build(programme, &words, &ViewOptions { reader_zone: None });
    let context = ExportContext {
        base_url: args.base_url.trim_end_matches('/').to_owned(),
        generated_at: jiff::Timestamp::now(),
        version: args.version.clone(),
        history: None,
    };
    write_output(
        args.output.as_deref(),
        &args.format.export(programme, &view, &context),
    )
}

/// The event's draft from the store, or its published programme when it has no draft.
fn from_store(database: &str, event: &str) -> Result<convene_core::Programme, ExitCode> {
    let runtime = super::runtime()?;
    runtime.block_on(async {
        let store = super::open_store(database).await?;
        let source = match store.draft(event).await {
            Ok(Some(draft)) => Some(draft.source),
            Ok(None) => store
                .current_programme(event)
                .await
                .ok()
                .flatten()
                .map(|p| p.source),
            Err(err) => {
                eprintln!("error: {err}");
                return Err(ExitCode::from(UNUSABLE));
            }
        };
        store.close().await;
        let Some(source) = source else {
            eprintln!("error: the store has no event \"{event}\"");
            return Err(ExitCode::from(UNUSABLE));
        };
        convene_core::load(&source, &CheckOptions::default())
            .programme
            .ok_or_else(|| {
                eprintln!("error: the stored programme of \"{event}\" no longer passes the checks");
                ExitCode::from(ERRORS)
            })
    })
}
