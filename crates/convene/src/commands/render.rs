//! `convene render FILE --lang fr`: the programme as a document in one language.

use std::path::PathBuf;
use std::process::ExitCode;

use convene_core::locale::Localizer;
use convene_core::{CheckOptions, DocumentFormat, Keyword, Language, ProgrammeView, ViewOptions};

use super::{ERRORS, UNUSABLE, read_programme, stderr_is_terminal, write_output};

#[derive(clap::Args)]
pub struct Args {
    /// The programme file (TOML).
    pub file: PathBuf,
    /// The reader's language (a BCP 47 tag: fr, en, tr, …).
    #[arg(long, value_parser = |s: &str| Language::parse(s).map_err(|e| e.to_string()))]
    pub lang: Language,
    /// text, markdown, html or json.
    #[arg(long, default_value = "text", value_parser = parse_format)]
    pub format: DocumentFormat,
    /// Write the document here instead of to standard output.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
}

fn parse_format(word: &str) -> Result<DocumentFormat, String> {
    DocumentFormat::from_keyword(word).ok_or_else(|| {
        format!(
            "\"{word}\" is not a format; write {}",
            DocumentFormat::expected()
        )
    })
}

pub fn run(args: Args) -> ExitCode {
    let file = match read_programme(&args.file, &CheckOptions::default()) {
        Ok(file) => file,
        Err(code) => return code,
    };
    let Some(programme) = &file.loaded.programme else {
        eprint!(
            "{}",
            file.report(&super::language::words(None), stderr_is_terminal())
        );
        return ExitCode::from(ERRORS);
    };
    if !programme.event.declares(&args.lang) {
        let declared: Vec<String> = programme
            .event
            .languages
            .iter()
            .map(|l| l.to_string())
            .collect();
        eprintln!(
            "error: the programme is not published in \"{}\"; it declares {}",
            args.lang,
            declared.join(", ")
        );
        return ExitCode::from(UNUSABLE);
    }
    let words = Localizer::new(&args.lang);
    let view = ProgrammeView::build(programme, &words, &ViewOptions { reader_zone: None });
    let document = args.format.render(&view, &words);
    write_output(args.output.as_deref(), &document)
}
