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
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check(args) => commands::check::run(args),
        Command::Render(args) => commands::render::run(args),
        Command::Slots(args) => commands::slots::run(args),
    }
}
