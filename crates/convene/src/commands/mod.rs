//! One module per command; each turns its arguments into calls to the core and an exit code.

pub mod admin;
pub mod check;
pub mod export;
pub mod import;
pub mod language;
pub mod openapi;
pub mod render;
pub mod serve;
pub mod slots;

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use convene_core::diagnostic::render_report;
use convene_core::locale::Localizer;
use convene_core::{CheckOptions, Loaded, load};

/// Exit code for a file with errors.
pub const ERRORS: u8 = 1;
/// Exit code for input that could not be used at all: unreadable, not UTF-8, bad arguments.
pub const UNUSABLE: u8 = 2;

/// A programme file read from disk and checked.
pub struct ProgrammeFile {
    pub path: PathBuf,
    pub source: String,
    pub loaded: Loaded,
}

/// Reads and checks a programme file; a file that cannot be read is reported on stderr.
pub fn read_programme(path: &Path, options: &CheckOptions) -> Result<ProgrammeFile, ExitCode> {
    let bytes = std::fs::read(path).map_err(|err| {
        eprintln!("error: cannot read {}: {err}", path.display());
        ExitCode::from(UNUSABLE)
    })?;
    let source = String::from_utf8(bytes).map_err(|err| {
        let offset = err.utf8_error().valid_up_to();
        let bytes = err.as_bytes();
        let line = bytes[..offset].iter().filter(|&&b| b == b'\n').count() + 1;
        eprintln!(
            "error: {} is not UTF-8 text (invalid byte at line {line}, byte {offset}); save it as UTF-8",
            path.display()
        );
        ExitCode::from(UNUSABLE)
    })?;
    let loaded = load(&source, options);
    Ok(ProgrammeFile {
        path: path.to_owned(),
        source,
        loaded,
    })
}

impl ProgrammeFile {
    /// The report of every problem in the language of `words`, styled for a terminal when
    /// `stream_is_terminal`.
    pub fn report(&self, words: &Localizer, stream_is_terminal: bool) -> String {
        let styled = stream_is_terminal && std::env::var_os("NO_COLOR").is_none();
        render_report(
            &self.path.display().to_string(),
            &self.source,
            &self.loaded.diagnostics,
            words,
            styled,
        )
    }
}

/// Writes a document to `output`, or to stdout.
pub fn write_output(output: Option<&Path>, document: &str) -> ExitCode {
    match output {
        Some(path) => match std::fs::write(path, document) {
            Ok(()) => ExitCode::SUCCESS,
            Err(err) => {
                eprintln!("error: cannot write {}: {err}", path.display());
                ExitCode::from(UNUSABLE)
            }
        },
        None => {
            use std::io::Write;
            let mut stdout = std::io::stdout().lock();
            match stdout.write_all(document.as_bytes()) {
                Ok(()) => ExitCode::SUCCESS,
                // A closed pipe (`convene render … | head`) is not an error of ours.
                Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
                Err(err) => {
                    eprintln!("error: cannot write the document: {err}");
                    ExitCode::from(UNUSABLE)
                }
            }
        }
    }
}

/// Whether stderr is a terminal (for colours in reports printed there).
pub fn stderr_is_terminal() -> bool {
    std::io::stderr().is_terminal()
}

/// Whether stdout is a terminal.
pub fn stdout_is_terminal() -> bool {
    std::io::stdout().is_terminal()
}

/// Parses `07:00-22:00` into two local times.
pub fn parse_hours(text: &str) -> Result<(jiff::civil::Time, jiff::civil::Time), String> {
    let bad = || format!("\"{text}\" is not a range of hours; write it like 07:00-22:00");
    let (from, to) = text.split_once('-').ok_or_else(bad)?;
    let time = |t: &str| {
        let t = t.trim();
        if t == "24:00" {
            return Ok(jiff::civil::Time::MAX);
        }
        jiff::fmt::strtime::parse("%H:%M", t)
            .and_then(|p| p.to_time())
            .map_err(|_| bad())
    };
    let (from, to) = (time(from)?, time(to)?);
    if from >= to {
        return Err(format!(
            "\"{text}\": the first hour must come before the second"
        ));
    }
    Ok((from, to))
}

/// A single-threaded runtime for a command that talks to the store once.
pub fn runtime() -> Result<tokio::runtime::Runtime, ExitCode> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|err| {
            eprintln!("error: cannot start: {err}");
            ExitCode::from(UNUSABLE)
        })
}

/// Opens and migrates the store, reporting failures on stderr.
pub async fn open_store(url: &str) -> Result<convene_store::Store, ExitCode> {
    let store = convene_store::Store::connect(url).await.map_err(|err| {
        eprintln!("error: {err}");
        ExitCode::from(UNUSABLE)
    })?;
    store.migrate().await.map_err(|err| {
        eprintln!("error: {err}");
        ExitCode::from(UNUSABLE)
    })?;
    Ok(store)
}

/// Logs for the server: one line per request with its id; `RUST_LOG` filters, `CONVENE_LOG=json`
/// gives JSON lines.
pub fn init_logs() {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    let _ = if std::env::var("CONVENE_LOG").as_deref() == Ok("json") {
        builder.json().try_init()
    } else {
        builder.compact().try_init()
    };
}
