//! Organiser accounts, password links, login sessions, failed logins and the audit log.

use convene_store::{AuditEntry, Role, Store, StoreError, User, UserId};

use super::at;
use crate::support::{Fresh, on_each_backend};

const CREATED: &str = "2026-01-05T09:00:00Z";

async fn create(store: &Store, email: &str, role: Role) -> User {
    store
        .create_user(email, role, at(CREATED))
        .await
        .unwrap_or_else(|e| panic!("creates the account {email}: {e}"))
}

#[tokio::test]
async fn a_new_account_has_no_password_and_is_found_by_id_and_by_email_in_any_case() {
    on_each_backend(|Fresh { store, .. }| async move {
        let created = create(&store, " Ayse.Yilmaz@Example.ORG", Role::Editor).await;

        assert_eq!(created.email, "ayse.yilmaz@example.org");
        assert_eq!(
            (created.role, created.has_password, created.created_at),
            (Role::Editor, false, at(CREATED))
        );
        assert_eq!(
            store.user(&created.id).await.expect("reads"),
            Some(created.clone())
        );
        assert_eq!(
            store
                .user_with_password("AYSE.YILMAZ@example.org")
                .await
                .expect("reads"),
            Some((created, None))
        );
        assert_eq!(
            store
                .user(&UserId::parse("no-such-id").unwrap())
                .await
                .expect("reads"),
            None
        );
        assert_eq!(
            store
                .user_with_password("nobody@example.org")
                .await
                .expect("reads"),
            None
        );
    })
    .await;
}

#[tokio::test]
async fn an_email_taken_in_any_case_is_refused() {
    on_each_backend(|Fresh { store, .. }| async move {
        let first = create(&store, "ayse@example.org", Role::Admin).await;

        let error = store
            .create_user("Ayse@EXAMPLE.org", Role::Viewer, at(CREATED))
            .await
            .expect_err("the email is taken");

        assert!(
            matches!(&error, StoreError::EmailTaken { email } if email == "ayse@example.org"),
            "{error:?}"
        );
        assert_eq!(
            error.to_string(),
            "an organiser account with the email \"ayse@example.org\" exists already; give \
             another email, or change the role of that account"
        );
        assert_eq!(store.users().await.expect("reads"), vec![first]);
    })
    .await;
}

#[tokio::test]
async fn accounts_are_listed_by_email_with_their_roles_and_passwords() {
    on_each_backend(|Fresh { store, .. }| async move {
        let zeynep = create(&store, "zeynep@example.org", Role::Viewer).await;
        let ayse = create(&store, "ayse@example.org", Role::Admin).await;
        let marc = create(&store, "marc@example.org", Role::Viewer).await;

        store
            .set_role(&marc.id, Role::Editor, at("2026-01-06T09:00:00Z"))
            .await
            .expect("changes the role");
        store
            .set_password_hash(
                &ayse.id,
                "$argon2id$v=19$stand-in",
                at("2026-01-06T09:00:00Z"),
            )
            .await
            .expect("sets the password");

        let listed: Vec<(String, Role, bool)> = store
            .users()
            .await
            .expect("reads")
            .into_iter()
            .map(|user| (user.email, user.role, user.has_password))
            .collect();
        assert_eq!(
            listed,
            vec![
                ("ayse@example.org".into(), Role::Admin, true),
                ("marc@example.org".into(), Role::Editor, false),
                ("zeynep@example.org".into(), Role::Viewer, false),
            ]
        );
        let (user, phc) = store
            .user_with_password("ayse@example.org")
            .await
            .expect("reads")
            .expect("the account exists");
        assert_eq!(
            (user.id, phc.as_deref()),
            (ayse.id, Some("$argon2id$v=19$stand-in"))
        );
        assert_eq!(store.user(&zeynep.id).await.expect("reads"), Some(zeynep));
    })
    .await;
}

#[tokio::test]
async fn changes_to_an_unknown_account_are_refused_naming_it() {
    on_each_backend(|Fresh { store, .. }| async move {
        let now = at("2026-01-06T09:00:00Z");
        let later = at("2026-01-07T09:00:00Z");
        let ghost = UserId::parse("ghost").expect("a well-formed identifier");
        let outcomes = [
            ("set_role", store.set_role(&ghost, Role::Admin, now).await),
            (
                "set_password_hash",
                store.set_password_hash(&ghost, "$argon2id$x", now).await,
            ),
            (
                "create_password_token",
                store.create_password_token(&ghost, "hash-1", later).await,
            ),
            (
                "create_session",
                store
                    .create_login_session("hash-2", &ghost, "csrf", now, later)
                    .await,
            ),
            (
                "record_audit",
                store
                    .record_audit(now, Some(&ghost), "login", None, "")
                    .await,
            ),
        ];
        for (call, outcome) in outcomes {
            let error = outcome.expect_err(call);
            assert!(
                matches!(&error, StoreError::UnknownUser { user_id } if user_id == "ghost"),
                "{call}: {error:?}"
            );
            assert_eq!(
                error.to_string(),
                "there is no organiser account \"ghost\"",
                "{call}"
            );
        }
    })
    .await;
}

#[tokio::test]
async fn a_password_link_works_once_and_only_before_it_expires() {
    on_each_backend(|Fresh { store, .. }| async move {
        let ayse = create(&store, "ayse@example.org", Role::Editor).await;
        let expires = at("2026-01-06T09:00:00Z");
        store
            .create_password_token(&ayse.id, "first-link", expires)
            .await
            .expect("records the link");
        store
            .create_password_token(&ayse.id, "second-link", expires)
            .await
            .expect("records the link");

        let cases = [
            (
                "an unknown link",
                "no-such-link",
                "2026-01-05T10:00:00Z",
                None,
            ),
            (
                "a link before it expires",
                "first-link",
                "2026-01-06T08:59:59Z",
                Some(ayse.id.clone()),
            ),
            (
                "the same link again",
                "first-link",
                "2026-01-05T10:00:00Z",
                None,
            ),
            (
                "a link at its expiry",
                "second-link",
                "2026-01-06T09:00:00Z",
                None,
            ),
            (
                "a link after its expiry",
                "second-link",
                "2026-01-07T09:00:00Z",
                None,
            ),
        ];
        for (description, hash, now, expected) in cases {
            assert_eq!(
                store
                    .use_password_token(hash, at(now))
                    .await
                    .expect("reads"),
                expected,
                "{description}"
            );
        }
    })
    .await;
}

#[tokio::test]
async fn setting_a_password_ends_the_accounts_unused_links() {
    on_each_backend(|Fresh { store, .. }| async move {
        let ayse = create(&store, "ayse@example.org", Role::Editor).await;
        let now = at("2026-01-05T10:00:00Z");
        let expires = at("2026-01-06T09:00:00Z");
        for hash in ["used-link", "spare-link"] {
            store
                .create_password_token(&ayse.id, hash, expires)
                .await
                .expect("records the link");
        }

        let user_id = store
            .use_password_token("used-link", now)
            .await
            .expect("reads");
        assert_eq!(user_id.as_ref(), Some(&ayse.id));
        store
            .set_password_hash(&ayse.id, "$argon2id$v=19$stand-in", now)
            .await
            .expect("sets the password");

        assert_eq!(
            store
                .use_password_token("spare-link", now)
                .await
                .expect("reads"),
            None
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_link_used_from_several_nodes_at_once_gives_the_account_once() {
    on_each_backend(|Fresh { store, url, .. }| async move {
        let ayse = create(&store, "ayse@example.org", Role::Editor).await;
        store
            .create_password_token(&ayse.id, "the-link", at("2026-01-06T09:00:00Z"))
            .await
            .expect("records the link");
        let other_node = Store::connect(&url).await.expect("opens the same database");

        let mut uses = Vec::new();
        for n in 0..8 {
            let node = if n % 2 == 0 {
                store.clone()
            } else {
                other_node.clone()
            };
            uses.push(tokio::spawn(async move {
                node.use_password_token("the-link", at("2026-01-05T10:00:00Z"))
                    .await
            }));
        }
        let mut granted = Vec::new();
        for one in uses {
            let outcome = one.await.expect("the task does not panic");
            if let Some(user_id) = outcome.expect("a use reads, whether or not it wins") {
                granted.push(user_id);
            }
        }
        other_node.close().await;

        assert_eq!(granted, vec![ayse.id]);
    })
    .await;
}

#[tokio::test]
async fn a_session_gives_its_account_and_csrf_token_until_it_expires() {
    on_each_backend(|Fresh { store, .. }| async move {
        let ayse = create(&store, "ayse@example.org", Role::Editor).await;
        store
            .create_login_session(
                "session-hash",
                &ayse.id,
                "csrf-token",
                at("2026-01-05T10:00:00Z"),
                at("2026-01-05T18:00:00Z"),
            )
            .await
            .expect("records the session");

        let cases = [
            (
                "during the session",
                "session-hash",
                "2026-01-05T17:59:59Z",
                Some((ayse.clone(), "csrf-token".to_owned())),
            ),
            (
                "at its expiry",
                "session-hash",
                "2026-01-05T18:00:00Z",
                None,
            ),
            (
                "after its expiry",
                "session-hash",
                "2026-01-06T09:00:00Z",
                None,
            ),
            (
                "an unknown session",
                "other-hash",
                "2026-01-05T11:00:00Z",
                None,
            ),
        ];
        for (description, hash, now, expected) in cases {
            assert_eq!(
                store.login_session(hash, at(now)).await.expect("reads"),
                expected,
                "{description}"
            );
        }
    })
    .await;
}

#[tokio::test]
async fn a_session_shows_the_accounts_role_as_it_is_now() {
    on_each_backend(|Fresh { store, .. }| async move {
        let ayse = create(&store, "ayse@example.org", Role::Editor).await;
        let now = at("2026-01-05T10:00:00Z");
        store
            .create_login_session(
                "session-hash",
                &ayse.id,
                "csrf",
                now,
                at("2026-01-05T18:00:00Z"),
            )
            .await
            .expect("records the session");

        store
            .set_role(&ayse.id, Role::Viewer, now)
            .await
            .expect("changes the role");

        let (user, _) = store
            .login_session("session-hash", now)
            .await
            .expect("reads")
            .expect("the session is valid");
        assert_eq!(user.role, Role::Viewer);
    })
    .await;
}

#[tokio::test]
async fn logging_out_ends_one_session_and_logging_out_everywhere_ends_all_of_the_account() {
    on_each_backend(|Fresh { store, .. }| async move {
        let ayse = create(&store, "ayse@example.org", Role::Editor).await;
        let marc = create(&store, "marc@example.org", Role::Viewer).await;
        let now = at("2026-01-05T10:00:00Z");
        let expires = at("2026-01-05T18:00:00Z");
        for (hash, user) in [
            ("ayse-laptop", &ayse),
            ("ayse-phone", &ayse),
            ("ayse-tablet", &ayse),
            ("marc-laptop", &marc),
        ] {
            store
                .create_login_session(hash, &user.id, "csrf", now, expires)
                .await
                .expect("records the session");
        }

        store
            .delete_login_session("ayse-laptop")
            .await
            .expect("ends the session");
        store
            .delete_login_session("ayse-laptop")
            .await
            .expect("ending it again does nothing");
        let ended = store
            .delete_user_login_sessions(&ayse.id)
            .await
            .expect("ends the sessions");

        assert_eq!(ended, 2);
        let mut valid = Vec::new();
        for hash in ["ayse-laptop", "ayse-phone", "ayse-tablet", "marc-laptop"] {
            if store
                .login_session(hash, now)
                .await
                .expect("reads")
                .is_some()
            {
                valid.push(hash);
            }
        }
        assert_eq!(valid, vec!["marc-laptop"]);
    })
    .await;
}

#[tokio::test]
async fn failed_logins_are_counted_per_key_within_the_window_until_cleared() {
    on_each_backend(|Fresh { store, .. }| async move {
        for (key, instant) in [
            ("ayse@example.org", "2026-01-05T09:00:00Z"),
            ("ayse@example.org", "2026-01-05T09:10:00Z"),
            ("ayse@example.org", "2026-01-05T09:10:00Z"),
            ("ayse@example.org", "2026-01-05T09:14:59Z"),
            ("marc@example.org", "2026-01-05T09:12:00Z"),
        ] {
            store
                .record_login_failure(key, at(instant))
                .await
                .expect("records the failure");
        }

        let cases = [
            (
                "the whole day",
                "ayse@example.org",
                "2026-01-05T00:00:00Z",
                4,
            ),
            (
                "from the window's first second on",
                "ayse@example.org",
                "2026-01-05T09:10:00Z",
                3,
            ),
            (
                "after the last",
                "ayse@example.org",
                "2026-01-05T09:15:00Z",
                0,
            ),
            ("another key", "marc@example.org", "2026-01-05T09:00:00Z", 1),
            (
                "a key never seen",
                "zeynep@example.org",
                "2026-01-05T09:00:00Z",
                0,
            ),
        ];
        for (description, key, since, expected) in cases {
            assert_eq!(
                store
                    .login_failures_since(key, at(since))
                    .await
                    .expect("counts"),
                expected,
                "{description}"
            );
        }

        store
            .clear_login_failures("ayse@example.org")
            .await
            .expect("clears");
        let since = at("2026-01-05T00:00:00Z");
        assert_eq!(
            (
                store
                    .login_failures_since("ayse@example.org", since)
                    .await
                    .expect("counts"),
                store
                    .login_failures_since("marc@example.org", since)
                    .await
                    .expect("counts"),
            ),
            (0, 1)
        );
    })
    .await;
}

#[tokio::test]
async fn removing_what_expired_keeps_what_still_counts() {
    on_each_backend(|Fresh { store, .. }| async move {
        let ayse = create(&store, "ayse@example.org", Role::Editor).await;
        let now = at("2026-01-05T12:00:00Z");
        for (hash, expires) in [
            ("old-session", "2026-01-05T11:00:00Z"),
            ("live-session", "2026-01-05T18:00:00Z"),
        ] {
            store
                .create_login_session(hash, &ayse.id, "csrf", at(CREATED), at(expires))
                .await
                .expect("records the session");
        }
        for (hash, expires) in [
            ("old-link", "2026-01-05T11:00:00Z"),
            ("used-link", "2026-01-06T12:00:00Z"),
            ("live-link", "2026-01-06T12:00:00Z"),
        ] {
            store
                .create_password_token(&ayse.id, hash, at(expires))
                .await
                .expect("records the link");
        }
        store
            .use_password_token("used-link", at(CREATED))
            .await
            .expect("uses the link");
        for instant in ["2026-01-05T09:00:00Z", "2026-01-05T11:30:00Z"] {
            store
                .record_login_failure("ayse@example.org", at(instant))
                .await
                .expect("records the failure");
        }

        let removed = store
            .remove_expired(now, at("2026-01-05T11:00:00Z"))
            .await
            .expect("removes");

        assert_eq!(removed, 4, "a session, two links and a failed login");
        assert!(
            store
                .login_session("live-session", now)
                .await
                .expect("reads")
                .is_some()
        );
        assert_eq!(
            store
                .login_failures_since("ayse@example.org", at(CREATED))
                .await
                .expect("counts"),
            1
        );
        assert_eq!(
            store
                .use_password_token("live-link", now)
                .await
                .expect("reads"),
            Some(ayse.id)
        );
    })
    .await;
}

#[tokio::test]
async fn the_audit_log_lists_entries_newest_first_with_the_accounts_email() {
    on_each_backend(|Fresh { store, .. }| async move {
        let ayse = create(&store, "ayse@example.org", Role::Editor).await;
        let entries = [
            (
                "2026-01-05T09:00:00Z",
                None,
                "login-failed",
                None,
                "marc@example.org",
            ),
            (
                "2026-01-05T10:00:00Z",
                Some(&ayse.id),
                "save-draft",
                Some("izmir-2021"),
                "revision 2",
            ),
            (
                "2026-01-05T11:00:00Z",
                Some(&ayse.id),
                "publish",
                Some("izmir-2021"),
                "Programme final",
            ),
            // Recorded after the entry above but stamped earlier, as a node with a slow clock would.
            ("2026-01-05T09:30:00Z", Some(&ayse.id), "login", None, ""),
            // Of two entries of one second, the one recorded later is the newer.
            (
                "2026-01-05T11:00:00Z",
                Some(&ayse.id),
                "logout",
                None,
                "first",
            ),
        ];
        for (instant, user_id, action, event_id, detail) in entries {
            store
                .record_audit(at(instant), user_id, action, event_id, detail)
                .await
                .expect("records the entry");
        }

        let log = store.audit_log(10).await.expect("reads");

        let entry = |instant: &str,
                     by: Option<&User>,
                     action: &str,
                     event_id: Option<&str>,
                     detail: &str| AuditEntry {
            at: at(instant),
            user_id: by.map(|u| u.id.clone()),
            user_email: by.map(|u| u.email.clone()),
            action: action.into(),
            event_id: event_id.map(Into::into),
            detail: detail.into(),
        };
        assert_eq!(
            log,
            vec![
                entry("2026-01-05T11:00:00Z", Some(&ayse), "logout", None, "first"),
                entry(
                    "2026-01-05T11:00:00Z",
                    Some(&ayse),
                    "publish",
                    Some("izmir-2021"),
                    "Programme final"
                ),
                entry(
                    "2026-01-05T10:00:00Z",
                    Some(&ayse),
                    "save-draft",
                    Some("izmir-2021"),
                    "revision 2"
                ),
                entry("2026-01-05T09:30:00Z", Some(&ayse), "login", None, ""),
                entry(
                    "2026-01-05T09:00:00Z",
                    None,
                    "login-failed",
                    None,
                    "marc@example.org"
                ),
            ]
        );
        assert_eq!(store.audit_log(2).await.expect("reads"), log[..2].to_vec());
        assert_eq!(store.audit_log(0).await.expect("reads"), vec![]);
    })
    .await;
}
