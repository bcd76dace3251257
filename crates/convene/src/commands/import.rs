//! `convene import FILE`: check a programme file and store it as its event's current programme.

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
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("error: cannot start: {err}");
            return ExitCode::from(UNUSABLE);
        }
    };
    runtime.block_on(async {
        let store = match super::open_store(&args.database).await {
            Ok(store) => store,
            Err(code) => return code,
        };
        let stored = store
            .import_programme(programme, &file.source, jiff::Timestamp::now())
            .await;
        store.close().await;
        match stored {
            Ok(version) => {
                println!("{}: stored as version {version}", programme.event.id);
                ExitCode::SUCCESS
            }
            Err(err) => {
                eprintln!("error: {err}");
                ExitCode::from(UNUSABLE)
            }
        }
    })
}
