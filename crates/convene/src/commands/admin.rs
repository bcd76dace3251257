//! `convene admin …`: accounts of organisers, from the command line (the first admin comes from here).

use std::io::{BufRead, IsTerminal};
use std::process::ExitCode;

use convene_store::Role;
use convene_web::organiser::credentials::{hash_password, new_token, token_hash};
use jiff::{SignedDuration, Timestamp};

use super::UNUSABLE;

/// How long a link to set a password works.
const LINK_HOURS: i64 = 72;

#[derive(clap::Subcommand)]
pub enum Admin {
    /// Create an organiser account, then give it a password: a single-use link (default), a prompt
    /// (--prompt), or standard input (--password-stdin, for scripts).
    CreateUser(CreateUser),
}

#[derive(clap::Args)]
pub struct CreateUser {
    /// The organiser's email address.
    pub email: String,
    /// admin (accounts and everything), editor (the programme) or viewer (sees drafts).
    #[arg(long, default_value = "editor", value_parser = |s: &str| Role::parse(s).ok_or_else(|| "write admin, editor or viewer".to_owned()))]
    pub role: Role,
    /// Ask for the password on the terminal.
    /// An event (its id) the editor or viewer works on; repeat it for several. Admins work on
    /// every event.
    #[arg(long = "event", value_name = "EVENT")]
    pub events: Vec<String>,
    #[arg(long, conflicts_with = "password_stdin")]
    pub prompt: bool,
    /// Read the password from the first line of standard input.
    #[arg(long)]
    pub password_stdin: bool,
    /// The store.
    #[arg(
        long,
        env = "CONVENE_DATABASE_URL",
        default_value = "sqlite://convene.db"
    )]
    pub database: String,
    /// Where organisers reach the site, for the link.
    #[arg(
        long,
        env = "CONVENE_BASE_URL",
        default_value = "http://127.0.0.1:8080"
    )]
    pub base_url: String,
}

pub fn run(command: Admin) -> ExitCode {
    let Admin::CreateUser(args) = command;
    let password = if args.password_stdin {
        let mut line = String::new();
        if std::io::stdin().lock().read_line(&mut line).is_err() {
            eprintln!("error: cannot read the password from standard input");
            return ExitCode::from(UNUSABLE);
        }
        Some(line.trim_end_matches(['\n', '\r']).to_owned())
    } else if args.prompt {
        if !std::io::stdin().is_terminal() {
            eprintln!("error: --prompt needs a terminal; use --password-stdin in scripts");
            return ExitCode::from(UNUSABLE);
        }
        match rpassword::prompt_password(format!("Password for {}: ", args.email)) {
            Ok(password) => Some(password),
            Err(err) => {
                eprintln!("error: cannot read the password: {err}");
                return ExitCode::from(UNUSABLE);
            }
        }
    } else {
        None
    };
    let phc = match password.as_deref().map(hash_password).transpose() {
        Ok(phc) => phc,
        Err(err) => {
            eprintln!("error: {err}");
            return ExitCode::from(UNUSABLE);
        }
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
        let now = Timestamp::now();
        let base_url = args.base_url.trim_end_matches('/');
        // The account, its password or link, and the audit entry are stored together.
        let created = async {
            let mut unit = store.begin("creating an organiser account").await?;
            let user = unit.create_user(&args.email, args.role, now).await?;
            let detail = format!("{} as {}", user.email, user.role.as_str());
            unit.record_audit(now, None, "create-user", None, &detail).await?;
            for event in &args.events {
                unit.set_event_role(&user.id, event, Some(user.role)).await?;
            }
            let message = match phc {
                Some(phc) => {
                    unit.set_password_hash(&user.id, &phc, now).await?;
                    format!("{} can sign in at {base_url}/organiser/login", user.email)
                }
                None => {
                    let token = new_token();
                    let expires = now + SignedDuration::from_hours(LINK_HOURS);
                    unit.create_password_token(&user.id, &token_hash(&token), expires).await?;
                    format!(
                        "{} ({}) sets a password once, within {LINK_HOURS} hours, at:\n{base_url}/organiser/password/{token}",
                        user.email,
                        user.role.as_str(),
                    )
                }
            };
            unit.commit().await?;
            Ok::<_, convene_store::StoreError>(message)
        };
        let outcome = created.await.map(|message| println!("{message}"));
        store.close().await;
        match outcome {
            Ok(()) => ExitCode::SUCCESS,
            Err(err) => {
                eprintln!("error: {err}");
                ExitCode::from(UNUSABLE)
            }
        }
    })
}
