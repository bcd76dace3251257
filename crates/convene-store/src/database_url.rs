//! Where the database is, as a person writes it: `sqlite://path/to/convene.db`, a bare file path
//! such as `convene.db`, or `postgres://user@host/convene`.

use std::path::PathBuf;
use std::str::FromStr;

use sqlx::sqlite::SqliteConnectOptions;

use crate::{Backend, StoreError};

/// A database location the store can connect to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct DatabaseUrl {
    pub(crate) backend: Backend,
    /// The URL handed to the driver.
    pub(crate) connect: String,
    /// The location as the person gave it, with any password hidden: safe to print and log.
    pub(crate) shown: String,
    /// The SQLite file, for SQLite.
    pub(crate) sqlite_file: Option<PathBuf>,
}

const EXPECTED: &str = "give a SQLite file (convene.db, sqlite://path/to/convene.db) \
                        or a PostgreSQL URL (postgres://user@host/database)";

impl DatabaseUrl {
    /// Reads a database location.
    pub(crate) fn parse(given: &str) -> Result<Self, StoreError> {
        let shown = hide_password(given);
        let bad = |reason: String| StoreError::BadUrl {
            url: shown.clone(),
            reason,
        };
        if given.trim().is_empty() {
            return Err(bad(format!("it is empty; {EXPECTED}")));
        }
        if given.starts_with("postgres://") || given.starts_with("postgresql://") {
            return Ok(DatabaseUrl {
                backend: Backend::Postgres,
                connect: given.to_owned(),
                shown,
                sqlite_file: None,
            });
        }
        let sqlite_url = if given.starts_with("sqlite:") {
            given.to_owned()
        } else if let Some((scheme, _)) = given.split_once("://") {
            return Err(bad(format!(
                "the scheme \"{scheme}\" is not supported; {EXPECTED}"
            )));
        } else {
            format!("sqlite:{}", escape_path(given))
        };
        if sqlite_url.contains(":memory:") || sqlite_url.contains("mode=memory") {
            return Err(bad(format!(
                "an in-memory database would be lost when the program ends; {EXPECTED}"
            )));
        }
        let options =
            SqliteConnectOptions::from_str(&sqlite_url).map_err(|e| bad(e.to_string()))?;
        let connect = if has_parameter(&sqlite_url, "mode") {
            sqlite_url
        } else if sqlite_url.contains('?') {
            format!("{sqlite_url}&mode=rwc")
        } else {
            format!("{sqlite_url}?mode=rwc")
        };
        Ok(DatabaseUrl {
            backend: Backend::Sqlite,
            connect,
            shown,
            sqlite_file: Some(options.get_filename().to_owned()),
        })
    }
}

/// Escapes the characters a URL would read as something other than part of the file name.
fn escape_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        match c {
            '%' => out.push_str("%25"),
            '?' => out.push_str("%3F"),
            '#' => out.push_str("%23"),
            _ => out.push(c),
        }
    }
    out
}

fn has_parameter(url: &str, name: &str) -> bool {
    url.split_once('?').is_some_and(|(_, query)| {
        query
            .split('&')
            .any(|pair| pair.split('=').next() == Some(name))
    })
}

/// `postgres://convene:secret@host/db?password=secret` becomes
/// `postgres://convene:***@host/db?password=***`.
fn hide_password(given: &str) -> String {
    let (before_query, query) = match given.split_once('?') {
        Some((before, query)) => (before, Some(query)),
        None => (given, None),
    };
    let mut shown = match before_query.split_once("://") {
        Some((scheme, rest)) => {
            let authority_end = rest.find(['/', '#']).unwrap_or(rest.len());
            let (authority, path) = rest.split_at(authority_end);
            match authority.rsplit_once('@') {
                Some((user_info, host)) => match user_info.split_once(':') {
                    Some((user, _password)) => format!("{scheme}://{user}:***@{host}{path}"),
                    None => before_query.to_owned(),
                },
                None => before_query.to_owned(),
            }
        }
        None => before_query.to_owned(),
    };
    if let Some(query) = query {
        let pairs: Vec<String> = query
            .split('&')
            .map(|pair| match pair.split_once('=') {
                Some(("password", _)) => "password=***".to_owned(),
                _ => pair.to_owned(),
            })
            .collect();
        shown.push('?');
        shown.push_str(&pairs.join("&"));
    }
    shown
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bare_path_means_a_sqlite_file_created_if_missing() {
        let url = DatabaseUrl::parse("data/convene.db").expect("a path is a SQLite database");
        assert_eq!(
            url,
            DatabaseUrl {
                backend: Backend::Sqlite,
                connect: "sqlite:data/convene.db?mode=rwc".into(),
                shown: "data/convene.db".into(),
                sqlite_file: Some(PathBuf::from("data/convene.db")),
            }
        );
    }

    #[test]
    fn a_path_with_url_characters_keeps_them_in_the_file_name() {
        let url = DatabaseUrl::parse("/tmp/what?#100%.db").expect("a path is a SQLite database");
        assert_eq!(url.sqlite_file, Some(PathBuf::from("/tmp/what?#100%.db")));
    }

    #[test]
    fn a_sqlite_url_keeps_a_mode_the_person_chose() {
        let url = DatabaseUrl::parse("sqlite://convene.db?mode=ro").expect("valid");
        assert_eq!(url.connect, "sqlite://convene.db?mode=ro");
        assert_eq!(url.sqlite_file, Some(PathBuf::from("convene.db")));
    }

    #[test]
    fn a_postgres_url_is_shown_without_its_password() {
        let url =
            DatabaseUrl::parse("postgres://convene:s3cret@db.example:5432/convene").expect("valid");
        assert_eq!(url.backend, Backend::Postgres);
        assert_eq!(url.shown, "postgres://convene:***@db.example:5432/convene");
        assert_eq!(
            url.connect,
            "postgres://convene:s3cret@db.example:5432/convene"
        );
    }

    #[test]
    fn a_password_given_as_a_parameter_is_hidden_too() {
        let url =
            DatabaseUrl::parse("postgres://convene@db/convene?sslmode=require&password=s3cret")
                .expect("valid");
        assert_eq!(
            url.shown,
            "postgres://convene@db/convene?sslmode=require&password=***"
        );
    }

    #[test]
    fn unusable_locations_are_refused_with_what_would_work() {
        let cases = [
            (
                "mysql://root:pw@localhost/convene",
                "cannot use \"mysql://root:***@localhost/convene\" as the database: the scheme \
                 \"mysql\" is not supported; give a SQLite file (convene.db, \
                 sqlite://path/to/convene.db) or a PostgreSQL URL (postgres://user@host/database)",
            ),
            (
                "",
                "cannot use \"\" as the database: it is empty; give a SQLite file (convene.db, \
                 sqlite://path/to/convene.db) or a PostgreSQL URL (postgres://user@host/database)",
            ),
            (
                "sqlite::memory:",
                "cannot use \"sqlite::memory:\" as the database: an in-memory database would be \
                 lost when the program ends; give a SQLite file (convene.db, \
                 sqlite://path/to/convene.db) or a PostgreSQL URL (postgres://user@host/database)",
            ),
        ];
        for (given, expected) in cases {
            let error = DatabaseUrl::parse(given).expect_err(given);
            assert_eq!(error.to_string(), expected, "for {given:?}");
        }
    }
}
