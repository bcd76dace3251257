//! `convene export FILE --format ics`: the exports the website serves, made offline from a file.

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
    pub file: PathBuf,
    /// ics, c3voc-xml, c3voc-json or json.
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
    let file = match read_programme(&args.file, &CheckOptions::default()) {
        Ok(file) => file,
        Err(code) => return code,
    };
    let Some(programme) = &file.loaded.programme else {
        eprint!("{}", file.report(stderr_is_terminal()));
        return ExitCode::from(ERRORS);
    };
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
