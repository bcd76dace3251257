//! `convene import FILE`: check a programme file and store it as its event's draft, or with
//! `--publish` as its next published version.

use std::path::PathBuf;
use std::process::ExitCode;

use convene_core::CheckOptions;

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
    let Some(programme) = &file.loaded.programme else {
        eprint!("{}", file.report(stderr_is_terminal()));
        eprintln!("nothing was stored: the stored programme is unchanged");
        return ExitCode::from(ERRORS);
    };
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
        let id = programme.event.id.as_str();
        let stored = if args.publish {
            store.import_programme(programme, &file.source, now).await.map(|version| {
                format!("{id}: published as version {version}")
            })
        } else {
            // The file replaces the draft, whatever its revision: the organiser asked for it.
            match store.draft(id).await {
                Ok(draft) => store
                    .save_draft(programme, &file.source, draft.map(|d| d.revision), now, None)
                    .await
                    .map(|revision| {
                        format!("{id}: saved as the draft (revision {revision}); publish it with `convene import --publish` or in the organiser area")
                    }),
                Err(err) => Err(err),
            }
        };
        if stored.is_ok() {
            let action = if args.publish { "import-publish" } else { "import-draft" };
            let _ = store.record_audit(now, None, action, Some(id), &args.file.display().to_string()).await;
        }
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
