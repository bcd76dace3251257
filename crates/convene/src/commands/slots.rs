//! `convene slots`: start times that suit every zone's clock.

use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {}

pub fn run(_args: Args) -> ExitCode {
    ExitCode::SUCCESS
}
