//! Organiser accounts: an email (unique, ignoring case), a role, and a password once one is set.

use std::fmt;
use std::str::FromStr;

use jiff::Timestamp;

use crate::error::{is_missing_reference, is_unique_violation};
use crate::{Store, StoreError, UnitOfWork, stored};

/// What an organiser may do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Role {
    /// Everything, including managing accounts.
    Admin,
    /// Edits and publishes programmes.
    Editor,
    /// Reads drafts and the audit log.
    Viewer,
}

impl Role {
    /// Every role, from the most to the least powerful.
    pub const ALL: [Role; 3] = [Role::Admin, Role::Editor, Role::Viewer];

    /// Reads a role as [`Role::as_str`] writes it; `None` for any other text. `str::parse`
    /// does the same with an error that names the text.
    pub fn parse(text: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|role| role.as_str() == text)
    }

    /// `admin`, `editor` or `viewer`, as stored.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Editor => "editor",
            Role::Viewer => "viewer",
        }
    }
}

impl FromStr for Role {
    type Err = UnknownRole;

    fn from_str(text: &str) -> Result<Role, UnknownRole> {
        Role::parse(text).ok_or_else(|| UnknownRole(text.to_owned()))
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A text that names no role.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownRole(pub String);

impl fmt::Display for UnknownRole {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown role \"{}\"; expected admin, editor or viewer",
            self.0
        )
    }
}

impl std::error::Error for UnknownRole {}

/// The identifier of an organiser account: made by the store when the account is created (32
/// hexadecimal digits), never changed.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UserId(String);

impl UserId {
    /// An identifier as a link or form gives it: 1 to 64 lower-case letters, digits or hyphens;
    /// `None` for anything else (no account has such an identifier).
    pub fn parse(text: &str) -> Option<Self> {
        let valid = !text.is_empty()
            && text.len() <= 64
            && text
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        valid.then(|| Self(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// An identifier read from the database, where only the store writes them.
    pub(crate) fn stored(text: String) -> Self {
        Self(text)
    }
}

impl fmt::Display for UserId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An organiser account.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct User {
    /// Made by the store when the account is created; never changes.
    pub id: UserId,
    /// Lower-cased.
    pub email: String,
    pub role: Role,
    /// Whether the organiser has set a password (until then they cannot log in).
    pub has_password: bool,
    pub created_at: Timestamp,
}

/// The columns [`user_from_row`] reads, in order, as a literal for `concat!`; `u` is the users
/// table.
macro_rules! user_columns {
    () => {
        "u.id, u.email, u.role, u.password_hash, u.created_at"
    };
}
pub(crate) use user_columns;

/// A row of [`user_columns!`].
pub(crate) type UserRow = (String, String, String, Option<String>, i64);

impl Store {
    /// The account `id`, or `None`.
    pub async fn user(&self, id: &UserId) -> Result<Option<User>, StoreError> {
        let row: Option<UserRow> = sqlx::query_as(concat!(
            "SELECT ",
            user_columns!(),
            " FROM users u WHERE u.id = $1"
        ))
        .bind(id.as_str())
        .fetch_optional(&self.pool)
        .await
        .map_err(|e| StoreError::failed(self.backend, "reading an organiser account", e))?;
        row.map(|row| user_from_row(row).map(|(user, _)| user))
            .transpose()
    }

    /// The account with `email` (in any case) and its password's PHC string if one is set, for
    /// checking a login.
    pub async fn user_with_password(
        &self,
        email: &str,
    ) -> Result<Option<(User, Option<String>)>, StoreError> {
        let row: Option<UserRow> = sqlx::query_as(concat!(
            "SELECT ",
            user_columns!(),
            " FROM users u WHERE u.email = $1"
        ))
        .bind(normalise_email(email))
        .fetch_optional(&self.pool)
        .await
        .map_err(|e| StoreError::failed(self.backend, "reading an organiser account", e))?;
        row.map(user_from_row).transpose()
    }

    /// Every account, ordered by email.
    pub async fn users(&self) -> Result<Vec<User>, StoreError> {
        let rows: Vec<UserRow> = sqlx::query_as(concat!(
            "SELECT ",
            user_columns!(),
            " FROM users u ORDER BY u.email"
        ))
        .fetch_all(&self.pool)
        .await
        .map_err(|e| StoreError::failed(self.backend, "reading the organiser accounts", e))?;
        rows.into_iter()
            .map(|row| user_from_row(row).map(|(user, _)| user))
            .collect()
    }
}

/// Reads a row of [`user_columns!`] into the account and its password's PHC string.
pub(crate) fn user_from_row(
    (id, email, role, password_hash, created_at): UserRow,
) -> Result<(User, Option<String>), StoreError> {
    let role = Role::parse(&role).ok_or_else(|| StoreError::Corrupt {
        what: format!("\"{role}\" as the role of organiser account \"{id}\""),
    })?;
    let created_at = stored::instant(created_at, || {
        format!("the time organiser account \"{id}\" was created")
    })?;
    let user = User {
        id: UserId::stored(id),
        email,
        role,
        has_password: password_hash.is_some(),
        created_at,
    };
    Ok((user, password_hash))
}

/// Maps a write that names an account that does not exist to [`StoreError::UnknownUser`].
pub(crate) fn unknown_user_or(
    user_id: &UserId,
    error: sqlx::Error,
    otherwise: impl FnOnce(sqlx::Error) -> StoreError,
) -> StoreError {
    if is_missing_reference(&error) {
        StoreError::UnknownUser {
            user_id: user_id.to_string(),
        }
    } else {
        otherwise(error)
    }
}

fn found(rows_changed: u64, user_id: &UserId) -> Result<(), StoreError> {
    if rows_changed == 0 {
        Err(StoreError::UnknownUser {
            user_id: user_id.to_string(),
        })
    } else {
        Ok(())
    }
}

/// Emails are stored trimmed and lower-cased, so that `Ayse@Example.org` and `ayse@example.org`
/// are one account on both databases.
fn normalise_email(email: &str) -> String {
    email.trim().to_lowercase()
}

/// A new account identifier: 16 random bytes, as hex.
pub(crate) fn new_id() -> Result<String, StoreError> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|e| StoreError::NoRandomness {
        source: std::io::Error::other(e),
    })?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

impl UnitOfWork {
    /// Creates an organiser account with no password; the email is stored lower-cased.
    ///
    /// An email already taken, in any case, gives [`StoreError::EmailTaken`].
    pub async fn create_user(
        &mut self,
        email: &str,
        role: Role,
        at: Timestamp,
    ) -> Result<User, StoreError> {
        let backend = self.backend();
        let email = normalise_email(email);
        let id = new_id()?;
        sqlx::query(
            "INSERT INTO users (id, email, role, password_hash, created_at, updated_at) \
             VALUES ($1, $2, $3, NULL, $4, $4)",
        )
        .bind(&id)
        .bind(&email)
        .bind(role.as_str())
        .bind(at.as_second())
        .execute(self.connection())
        .await
        .map_err(|e| {
            if is_unique_violation(&e) {
                StoreError::EmailTaken {
                    email: email.clone(),
                }
            } else {
                StoreError::failed(backend, "creating an organiser account", e)
            }
        })?;
        Ok(User {
            id: UserId(id),
            email,
            role,
            has_password: false,
            created_at: at,
        })
    }
}

impl UnitOfWork {
    /// Sets the password of account `user_id` to the given Argon2 PHC string, and ends every
    /// password link of the account still unused: a link works once, and only until a password
    /// is set. Login sessions are left alone ([`Store::delete_user_login_sessions`] ends them).
    pub async fn set_password_hash(
        &mut self,
        user_id: &UserId,
        phc: &str,
        at: Timestamp,
    ) -> Result<(), StoreError> {
        let backend = self.backend();
        let fail =
            |e| StoreError::failed(backend, "setting the password of an organiser account", e);
        let at = at.as_second();
        let tx = self.connection();
        let changed =
            sqlx::query("UPDATE users SET password_hash = $2, updated_at = $3 WHERE id = $1")
                .bind(user_id.as_str())
                .bind(phc)
                .bind(at)
                .execute(&mut *tx)
                .await
                .map_err(fail)?
                .rows_affected();
        found(changed, user_id)?;
        sqlx::query(
            "UPDATE password_tokens SET used_at = $2 WHERE user_id = $1 AND used_at IS NULL",
        )
        .bind(user_id.as_str())
        .bind(at)
        .execute(&mut *tx)
        .await
        .map_err(fail)
        .map(drop)
    }

    /// Gives account `user_id` another role; an unknown account gives [`StoreError::UnknownUser`].
    pub async fn set_role(
        &mut self,
        user_id: &UserId,
        role: Role,
        at: Timestamp,
    ) -> Result<(), StoreError> {
        let backend = self.backend();
        let changed = sqlx::query("UPDATE users SET role = $2, updated_at = $3 WHERE id = $1")
            .bind(user_id.as_str())
            .bind(role.as_str())
            .bind(at.as_second())
            .execute(self.connection())
            .await
            .map_err(|e| {
                StoreError::failed(backend, "changing the role of an organiser account", e)
            })?
            .rows_affected();
        found(changed, user_id)
    }
}

impl Store {
    /// Sets an account's password on its own; see [`UnitOfWork::set_password_hash`].
    pub async fn set_password_hash(
        &self,
        user_id: &UserId,
        phc: &str,
        at: Timestamp,
    ) -> Result<(), StoreError> {
        let mut unit = self
            .begin("setting the password of an organiser account")
            .await?;
        unit.set_password_hash(user_id, phc, at).await?;
        unit.commit().await
    }

    /// Creates an organiser account on its own; see [`UnitOfWork::create_user`].
    pub async fn create_user(
        &self,
        email: &str,
        role: Role,
        at: Timestamp,
    ) -> Result<User, StoreError> {
        let mut unit = self.begin("creating an organiser account").await?;
        let user = unit.create_user(email, role, at).await?;
        unit.commit().await?;
        Ok(user)
    }

    /// Changes an account's role on its own; see [`UnitOfWork::set_role`].
    pub async fn set_role(
        &self,
        user_id: &UserId,
        role: Role,
        at: Timestamp,
    ) -> Result<(), StoreError> {
        let mut unit = self
            .begin("changing the role of an organiser account")
            .await?;
        unit.set_role(user_id, role, at).await?;
        unit.commit().await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_role_reads_back_as_it_is_written() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
            assert_eq!(role.as_str().parse(), Ok(role));
        }
    }

    #[test]
    fn an_unknown_role_is_named_with_the_known_ones() {
        assert_eq!(Role::parse("Admin"), None);
        let error = "Admin".parse::<Role>().expect_err("roles are lower-case");
        assert_eq!(
            error.to_string(),
            "unknown role \"Admin\"; expected admin, editor or viewer"
        );
    }

    #[test]
    fn emails_are_trimmed_and_lower_cased() {
        assert_eq!(normalise_email("  Ayşe@Example.ORG "), "ayşe@example.org");
    }

    #[test]
    fn new_identifiers_are_distinct_hex() {
        let (a, b) = (new_id().expect("random"), new_id().expect("random"));
        assert_ne!(a, b);
        assert_eq!(a.len(), 32);
        assert!(a.bytes().all(|c| c.is_ascii_hexdigit()));
    }
}
