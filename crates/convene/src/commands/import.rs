//! `convene import FILE`: check a programme file and store it as its event's draft, or with
//! `--publish` as its next published version.

use std::path::PathBuf;
use std::process::ExitCode;

use convene_core::{CheckOptions, Checked};

use super::{ERRORS, UNUSABLE, read_programme, stderr_is_terminal};

#[derive(clap::Args)]
pub struct Args {
    /// The programme file (TOML).
    pub file: PathBuf,
    /// The store: a SQLite file (`sqlite://convene.db`, created if missing) or `postgres://…`.
    #[arg(
        long,
        env = "CONVENE_DATABASE_URL",
        default_value = "sqlite://convene.db"
    )]
    pub database: String,
    /// Publish it at once as the event's next version (otherwise it replaces the private draft).
    #[arg(long)]
    pub publish: bool,
}

pub fn run(args: Args) -> ExitCode {
    let file = match read_programme(&args.file, &CheckOptions::default()) {
        Ok(file) => file,
        Err(code) => return code,
    };
    if file.loaded.has_errors() {
        eprint!(
            "{}",
            file.report(&super::language::words(None), stderr_is_terminal())
        );
        let errors = file
            .loaded
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .count();
        let noun = if errors == 1 { "error" } else { "errors" };
        eprintln!(
            "nothing was stored because of the {errors} {noun} above; the store keeps what it had"
        );
        return ExitCode::from(ERRORS);
    }
    let programme = match Checked::load(&file.source, &CheckOptions::default()) {
        Ok(programme) => programme,
        Err(_) => {
            eprint!(
                "{}",
                file.report(&super::language::words(None), stderr_is_terminal())
            );
            eprintln!(
                "nothing was stored because of the errors above; the store keeps what it had"
            );
            return ExitCode::from(ERRORS);
        }
    };
    if programme.programme().event.id.as_str() == convene_store::RESERVED_EVENT_ID {
        eprintln!("error: {}", convene_store::StoreError::ReservedEventId);
        eprintln!("nothing was stored; the store keeps what it had");
        return ExitCode::from(ERRORS);
    }
    let runtime = match super::runtime() {
        Ok(runtime) => runtime,
        Err(code) => return code,
    };
    runtime.block_on(async {
        let store = match super::open_store(&args.database).await {
            Ok(store) => store,
            Err(code) => return code,
        };
        let now = jiff::Timestamp::now();
        let id = programme.programme().event.id.as_str();
        let source = args.file.display().to_string();
        // The programme and its audit entry are stored together, or neither is.
        let stored = async {
            let mut unit = store.begin(format!("importing {source}")).await?;
            let message = if args.publish {
                let version = unit.import_programme(&programme, now).await?;
                unit.record_audit(now, None, "import-publish", Some(id), &source).await?;
                format!("{id}: published as version {version}")
            } else {
                // The file replaces the draft, whatever its revision: the organiser asked for it.
                let revision = store.draft(id).await?.map(|d| d.revision);
                let revision = unit.save_draft(&programme, revision, now, None).await?;
                unit.record_audit(now, None, "import-draft", Some(id), &source).await?;
                format!("{id}: saved as the draft (revision {revision}); publish it with `convene import --publish` or in the organiser area")
            };
            unit.commit().await?;
            Ok::<_, convene_store::StoreError>(message)
        }
        .await;
        store.close().await;
        match stored {
            Ok(message) => {
                println!("{message}");
                ExitCode::SUCCESS
            }
            Err(err) => {
                eprintln!("error: {err}");
                ExitCode::from(UNUSABLE)
            }
        }
    })
}
