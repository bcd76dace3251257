//! `convene`: check, render and plan a summit programme from the command line.

mod commands;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// convene: the programme of international, multilingual, hybrid summits.
#[derive(Parser)]
#[command(name = "convene", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Report every problem in a programme file, with where it is and what would be right.
    Check(commands::check::Args),
    /// Render a programme file as a document in one language.
    Render(commands::render::Args),
    /// Find start times that suit every zone's clock.
    Slots(commands::slots::Args),
    /// Export a programme file for calendar and conference apps.
    Export(commands::export::Args),
    /// Check a programme file and store it as its event's current programme.
    Import(commands::import::Args),
    /// Serve the public website, exports and API.
    Serve(commands::serve::Args),
    /// Print the OpenAPI document of the JSON API, as the server serves it.
    Openapi(commands::openapi::Args),
    /// Organiser accounts.
    #[command(subcommand)]
    Admin(commands::admin::Admin),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check(args) => commands::check::run(args),
        Command::Render(args) => commands::render::run(args),
        Command::Slots(args) => commands::slots::run(args),
        Command::Export(args) => commands::export::run(args),
        Command::Import(args) => commands::import::run(args),
        Command::Serve(args) => commands::serve::run(args),
        Command::Openapi(args) => commands::openapi::run(args),
        Command::Admin(command) => commands::admin::run(command),
    }
}
