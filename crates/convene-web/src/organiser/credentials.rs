//! Passwords (Argon2id PHC strings) and the random tokens of login sessions and password links.
//! Only hashes of tokens are stored: a copy of the database gives no one a session.

use argon2::Argon2;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use sha2::{Digest, Sha256};

/// The shortest password accepted.
pub const MIN_PASSWORD_CHARS: usize = 10;

/// Why a password cannot be set.
#[derive(Debug, PartialEq, Eq)]
pub enum PasswordError {
    TooShort,
    Hashing,
}

impl std::fmt::Display for PasswordError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PasswordError::TooShort => {
                write!(
                    f,
                    "the password must have at least {MIN_PASSWORD_CHARS} characters"
                )
            }
            PasswordError::Hashing => f.write_str("the password could not be hashed; try again"),
        }
    }
}

impl std::error::Error for PasswordError {}

/// The Argon2id PHC string of a new password.
pub fn hash_password(password: &str) -> Result<String, PasswordError> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(PasswordError::TooShort);
    }
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|hash| hash.to_string())
        .map_err(|_| PasswordError::Hashing)
}

/// Whether `password` matches the stored PHC string. With no stored hash (no such account, or no
/// password set yet) it still spends the time of a check, so answers do not tell accounts apart.
pub fn verify_password(password: &str, phc: Option<&str>) -> bool {
    const DUMMY: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$J9WqLyVtDl1pvnBNlbNPzMvbGjBdTzjBvPtx1bqr+Ww";
    let stored = phc.unwrap_or(DUMMY);
    let matches = Argon2::default()
        .verify_password(password.as_bytes(), stored)
        .is_ok();
    matches && phc.is_some()
}

/// Where password hashes are computed: on blocking threads, a bounded number at once (one fewer
/// than the machine's cores, at least one), so that a flood of sign-ins waits its turn here and
/// never takes the threads that serve pages.
#[derive(Clone, Debug)]
pub struct Hashing {
    permits: std::sync::Arc<tokio::sync::Semaphore>,
}

impl Default for Hashing {
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        Self::with_threads(cores.saturating_sub(1).max(1))
    }
}

impl Hashing {
    pub fn with_threads(threads: usize) -> Self {
        Self {
            permits: std::sync::Arc::new(tokio::sync::Semaphore::new(threads.max(1))),
        }
    }

    /// [`verify_password`], off the serving threads.
    pub async fn verify(&self, password: &str, phc: Option<&str>) -> bool {
        let (password, phc) = (password.to_owned(), phc.map(str::to_owned));
        self.run(move || verify_password(&password, phc.as_deref()))
            .await
            .unwrap_or(false)
    }

    /// [`hash_password`], off the serving threads.
    pub async fn hash(&self, password: &str) -> Result<String, PasswordError> {
        let password = password.to_owned();
        self.run(move || hash_password(&password))
            .await
            .unwrap_or(Err(PasswordError::Hashing))
    }

    pub(crate) async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Option<T> {
        let _permit = self.permits.acquire().await.ok()?;
        tokio::task::spawn_blocking(work).await.ok()
    }
}

/// A new random token: 32 bytes from the operating system, as hex.
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    // The operating system's generator does not fail on the systems convene runs on; if it did,
    // a token of zeros would be refused by every lookup as its hash matches nothing stored.
    let _ = getrandom::fill(&mut bytes);
    hex::encode(bytes)
}

/// The hash of a token, as stored.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Compares two secrets in time that does not depend on where they differ.
pub fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_hash_verifies_only_its_password() {
        let phc = hash_password("correct horse battery").unwrap();
        assert!(phc.starts_with("$argon2id$"));
        assert!(verify_password("correct horse battery", Some(&phc)));
        assert!(!verify_password("correct horse batterY", Some(&phc)));
        assert!(!verify_password("correct horse battery", None));
    }

    #[test]
    fn short_passwords_are_refused() {
        assert_eq!(hash_password("short"), Err(PasswordError::TooShort));
    }

    #[test]
    fn tokens_are_random_and_stored_as_hashes() {
        let (a, b) = (new_token(), new_token());
        assert_ne!(a, b);
        assert_eq!(a.len(), 64);
        assert_eq!(token_hash(&a).len(), 64);
        assert_ne!(token_hash(&a), a);
        assert!(same_secret(&a, &a.clone()) && !same_secret(&a, &b));
    }

    #[tokio::test]
    async fn hashing_runs_a_bounded_number_at_once_and_leaves_the_serving_thread_free() {
        use std::sync::Arc;
        use std::sync::atomic::{AtomicUsize, Ordering};
        let hashing = Hashing::with_threads(1);
        let (running, most) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
        let jobs: Vec<_> = (0..4)
            .map(|_| {
                let (hashing, running, most) = (hashing.clone(), running.clone(), most.clone());
                tokio::spawn(async move {
                    hashing
                        .run(move || {
                            let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                            most.fetch_max(now, Ordering::SeqCst);
                            std::thread::sleep(std::time::Duration::from_millis(30));
                            running.fetch_sub(1, Ordering::SeqCst);
                        })
                        .await
                })
            })
            .collect();
        // This test runs on one thread, as a page's request would share it: it keeps turning
        // while the hashes are computed elsewhere.
        let mut turns = 0;
        while jobs.iter().any(|job| !job.is_finished()) {
            turns += 1;
            tokio::task::yield_now().await;
        }
        assert!(turns > 1, "the serving thread was held");
        assert_eq!(most.load(Ordering::SeqCst), 1, "one hash at a time");
    }
}
