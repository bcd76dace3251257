//! How sign-in attempts are slowed, so that guessing passwords costs an outsider time without
//! locking anyone out of their own account.
//!
//! Failed attempts are counted in the store (so every node sees them) over a window, by client
//! address, by account and address together, and by account:
//! - an address that failed [`PER_ADDRESS`] times is refused (429, `Retry-After`) until the window
//!   passes, whatever account it tries;
//! - an address that failed [`PER_ACCOUNT_AND_ADDRESS`] times on one account is refused on that
//!   account: the owner, signing in from elsewhere, is not;
//! - an account that failed [`PER_ACCOUNT`] times from any number of addresses answers every
//!   attempt a little later ([`SLOW_DOWN`]): guessing from many addresses slows down, the owner
//!   still gets in;
//! - past [`GLOBAL_PER_MINUTE`] failures a minute on the whole site, addresses that already failed
//!   are refused until it calms down.
//!
//! Nothing is recorded for a refused attempt, so what one client can add to the store is bounded.

use jiff::{SignedDuration, Timestamp};

use convene_store::{Store, StoreError};

pub const WINDOW: SignedDuration = SignedDuration::from_mins(15);
pub const PER_ADDRESS: i64 = 20;
pub const PER_ACCOUNT_AND_ADDRESS: i64 = 5;
pub const PER_ACCOUNT: i64 = 50;
pub const GLOBAL_PER_MINUTE: i64 = 300;
pub const SLOW_DOWN: std::time::Duration = std::time::Duration::from_secs(1);

/// Whether a sign-in attempt may be checked.
#[derive(Debug, PartialEq, Eq)]
pub enum Admission {
    /// Check it, after waiting `delay`.
    Admitted { delay: std::time::Duration },
    /// Refuse it unchecked; the client may try again after `retry_after`.
    Refused { retry_after: SignedDuration },
}

fn address_key(address: &str) -> String {
    format!("address:{address}")
}

fn pair_key(email: &str, address: &str) -> String {
    format!("account:{email}|{address}")
}

fn account_key(email: &str) -> String {
    format!("account:{email}")
}

/// Whether an attempt from `address` on `email` may be checked now.
pub async fn admit(
    store: &Store,
    address: &str,
    email: &str,
    now: Timestamp,
) -> Result<Admission, StoreError> {
    let since = now - WINDOW;
    let refused = Admission::Refused {
        retry_after: WINDOW,
    };
    let by_address = store
        .login_failures_since(&address_key(address), since)
        .await?;
    if by_address >= PER_ADDRESS {
        return Ok(refused);
    }
    if store
        .login_failures_since(&pair_key(email, address), since)
        .await?
        >= PER_ACCOUNT_AND_ADDRESS
    {
        return Ok(refused);
    }
    if by_address > 0
        && store
            .all_login_failures_since(now - SignedDuration::from_mins(1))
            .await?
            >= GLOBAL_PER_MINUTE
    {
        return Ok(Admission::Refused {
            retry_after: SignedDuration::from_mins(1),
        });
    }
    let by_account = store
        .login_failures_since(&account_key(email), since)
        .await?;
    let delay = if by_account >= PER_ACCOUNT {
        SLOW_DOWN
    } else {
        std::time::Duration::ZERO
    };
    Ok(Admission::Admitted { delay })
}

/// Records a failed attempt from `address` on `email`.
pub async fn failed(
    store: &Store,
    address: &str,
    email: &str,
    now: Timestamp,
) -> Result<(), StoreError> {
    for key in [
        address_key(address),
        pair_key(email, address),
        account_key(email),
    ] {
        store.record_login_failure(&key, now).await?;
    }
    Ok(())
}

/// Forgets the failures of `address` on `email` after it signed in.
pub async fn succeeded(store: &Store, address: &str, email: &str) -> Result<(), StoreError> {
    store.clear_login_failures(&pair_key(email, address)).await
}
