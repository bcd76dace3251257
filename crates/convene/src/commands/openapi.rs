//! `convene openapi`: the OpenAPI document of the JSON API, as the server serves it at
//! `/api/openapi.json`, without running a server (for CI and API clients' generators).

use std::path::PathBuf;
use std::process::ExitCode;

use super::{UNUSABLE, write_output};

#[derive(clap::Args)]
pub struct Args {
    /// Write the document here instead of to standard output.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
}

pub fn run(args: Args) -> ExitCode {
    match convene_web::openapi_json() {
        Ok(document) => write_output(args.output.as_deref(), &document),
        Err(err) => {
            eprintln!("error: cannot write the API description: {err}");
            ExitCode::from(UNUSABLE)
        }
    }
}
