//! Drafts, their revisions, and publishing them as numbered versions with a note.

use convene_store::{
    Draft, EventSummary, IMPORT_NOTE, Publication, Role, Store, StoreError, UserId, VersionSummary,
};

use super::{IZMIR, at, checked, import, izmir_revision, montreal_source, slug};
use crate::support::{Fresh, on_each_backend};

async fn save(
    store: &Store,
    source: &str,
    expected_revision: Option<i64>,
    instant: &str,
    by: Option<&UserId>,
) -> Result<i64, StoreError> {
    store
        .save_draft(&checked(source), expected_revision, at(instant), by)
        .await
}

async fn publish(
    store: &Store,
    event_id: &str,
    note: &str,
    instant: &str,
    by: Option<&UserId>,
) -> i64 {
    match store.publish(event_id, note, at(instant), by).await {
        Ok(Publication::Published(number)) => number,
        Ok(Publication::Unchanged(number)) => {
            panic!("the draft of {event_id} was published unchanged as version {number}")
        }
        Err(e) => panic!("publishes the draft of {event_id}: {e}"),
    }
}

/// An account identifier no account has.
fn ghost() -> UserId {
    UserId::parse("ghost").expect("a well-formed identifier")
}

async fn editor(store: &Store) -> UserId {
    store
        .create_user("ayse@example.org", Role::Editor, at("2026-01-01T09:00:00Z"))
        .await
        .expect("creates the account")
        .id
}

/// The Izmir programme under another name in its source language.
fn renamed_izmir() -> String {
    IZMIR.replacen(
        "name.fr = \"3e Sommet international des maires sur le vivre-ensemble\"",
        "name.fr = \"Sommet d'Izmir\"",
        1,
    )
}

#[tokio::test]
async fn each_save_is_the_next_revision_and_a_stale_one_is_refused_with_the_current() {
    on_each_backend(|Fresh { store, .. }| async move {
        let ayse = editor(&store).await;
        let by = Some(&ayse);
        let first = save(&store, &izmir_revision(1), None, "2026-01-05T09:00:00Z", by).await;
        let second = save(
            &store,
            &izmir_revision(2),
            Some(1),
            "2026-01-05T09:10:00Z",
            by,
        )
        .await;
        let third = save(
            &store,
            &izmir_revision(3),
            Some(2),
            "2026-01-05T09:20:00Z",
            None,
        )
        .await;
        assert_eq!(
            (first.ok(), second.ok(), third.ok()),
            (Some(1), Some(2), Some(3))
        );

        let stale = save(
            &store,
            &izmir_revision(4),
            Some(2),
            "2026-01-05T09:30:00Z",
            by,
        )
        .await
        .expect_err("revision 2 is no longer the draft's");
        assert!(
            matches!(
                stale,
                StoreError::StaleDraft {
                    expected_revision: Some(2),
                    current_revision: Some(3),
                    ..
                }
            ),
            "{stale:?}"
        );
        assert_eq!(
            stale.to_string(),
            "the draft of event \"izmir-2021\" was saved by someone else since revision 2, which \
             you edited: it is at revision 3 now; load it, make your changes again and save"
        );
        let as_new = save(&store, &izmir_revision(4), None, "2026-01-05T09:30:00Z", by)
            .await
            .expect_err("the event has a draft");
        assert!(
            matches!(
                as_new,
                StoreError::StaleDraft {
                    expected_revision: None,
                    current_revision: Some(3),
                    ..
                }
            ),
            "{as_new:?}"
        );

        assert_eq!(
            store.draft("izmir-2021").await.expect("reads"),
            Some(Draft {
                event_id: slug("izmir-2021"),
                source: izmir_revision(3),
                revision: 3,
                published_revision: None,
                updated_at: at("2026-01-05T09:20:00Z"),
                updated_by: None,
            }),
            "the refused saves changed nothing"
        );
    })
    .await;
}

#[tokio::test]
async fn a_save_expecting_a_draft_where_there_is_none_is_refused_and_stores_nothing() {
    on_each_backend(|Fresh { store, .. }| async move {
        let error = save(&store, IZMIR, Some(1), "2026-01-05T09:00:00Z", None)
            .await
            .expect_err("there is no draft to update");

        assert!(
            matches!(
                error,
                StoreError::StaleDraft {
                    expected_revision: Some(1),
                    current_revision: None,
                    ..
                }
            ),
            "{error:?}"
        );
        assert_eq!(store.draft("izmir-2021").await.expect("reads"), None);
        assert_eq!(
            save(&store, IZMIR, None, "2026-01-05T09:00:00Z", None)
                .await
                .ok(),
            Some(1)
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn of_concurrent_saves_of_one_revision_exactly_one_wins() {
    on_each_backend(|Fresh { store, url, .. }| async move {
        // Two pools on one database, as two application nodes would have.
        let other_node = Store::connect(&url).await.expect("opens the same database");
        for expected in [None, Some(1)] {
            let mut saves = Vec::new();
            for n in 0..6 {
                let node = if n % 2 == 0 {
                    store.clone()
                } else {
                    other_node.clone()
                };
                saves.push(tokio::spawn(async move {
                    save(
                        &node,
                        &izmir_revision(n),
                        expected,
                        "2026-01-05T09:00:00Z",
                        None,
                    )
                    .await
                }));
            }
            let mut won = Vec::new();
            for one in saves {
                match one.await.expect("the save task does not panic") {
                    Ok(revision) => won.push(revision),
                    Err(StoreError::StaleDraft {
                        current_revision, ..
                    }) => assert_eq!(
                        current_revision,
                        Some(expected.unwrap_or(0) + 1),
                        "a losing save learns the winner's revision"
                    ),
                    Err(error) => panic!("a losing save must be refused as stale: {error}"),
                }
            }
            assert_eq!(
                won,
                vec![expected.unwrap_or(0) + 1],
                "exactly one save based on {expected:?} wins"
            );
        }
        other_node.close().await;
    })
    .await;
}

#[tokio::test]
async fn publishing_makes_numbered_versions_with_their_notes() {
    on_each_backend(|Fresh { store, .. }| async move {
        let ayse = editor(&store).await;
        let by = Some(&ayse);
        save(&store, &izmir_revision(1), None, "2026-01-05T09:00:00Z", by)
            .await
            .expect("saves");
        let first = publish(
            &store,
            "izmir-2021",
            "First announcement",
            "2026-01-05T10:00:00Z",
            by,
        )
        .await;
        save(
            &store,
            &izmir_revision(2),
            Some(1),
            "2026-01-06T09:00:00Z",
            by,
        )
        .await
        .expect("saves");
        let second = publish(
            &store,
            "izmir-2021",
            "Programme final",
            "2026-01-06T10:00:00Z",
            by,
        )
        .await;

        assert_eq!((first, second), (1, 2));
        assert_eq!(
            store.versions("izmir-2021").await.expect("reads"),
            vec![
                VersionSummary {
                    number: 2,
                    stored_at: at("2026-01-06T10:00:00Z"),
                    note: "Programme final".into(),
                    published_by: Some(ayse.clone()),
                },
                VersionSummary {
                    number: 1,
                    stored_at: at("2026-01-05T10:00:00Z"),
                    note: "First announcement".into(),
                    published_by: Some(ayse.clone()),
                },
            ]
        );
        let current = store
            .current_programme("izmir-2021")
            .await
            .expect("reads")
            .expect("the event is published");
        assert_eq!(
            (current.version, current.source, current.note),
            (2, izmir_revision(2), "Programme final".to_owned())
        );
        let older = store
            .programme_version("izmir-2021", 1)
            .await
            .expect("reads")
            .expect("version 1 stays readable");
        assert_eq!(
            (older.source, older.note, older.published_by),
            (
                izmir_revision(1),
                "First announcement".to_owned(),
                Some(ayse)
            )
        );
        let draft = store
            .draft("izmir-2021")
            .await
            .expect("reads")
            .expect("the draft stays");
        assert_eq!((draft.revision, draft.published_revision), (2, Some(2)));
    })
    .await;
}

#[tokio::test]
async fn a_later_draft_stays_private_until_it_is_published() {
    on_each_backend(|Fresh { store, .. }| async move {
        save(
            &store,
            &izmir_revision(1),
            None,
            "2026-01-05T09:00:00Z",
            None,
        )
        .await
        .expect("saves");
        publish(
            &store,
            "izmir-2021",
            "First announcement",
            "2026-01-05T10:00:00Z",
            None,
        )
        .await;
        let events = store.events().await.expect("reads");
        let current = store.current_programme("izmir-2021").await.expect("reads");
        let marker = store.change_marker().await.expect("reads");

        let renamed = renamed_izmir();
        save(&store, &renamed, Some(1), "2026-01-06T09:00:00Z", None)
            .await
            .expect("saves");
        save(
            &store,
            &format!("{renamed}# more\n"),
            Some(2),
            "2026-01-06T09:05:00Z",
            None,
        )
        .await
        .expect("saves");

        assert_eq!(store.events().await.expect("reads"), events, "the list");
        assert_eq!(
            store.current_programme("izmir-2021").await.expect("reads"),
            current,
            "the current programme"
        );
        assert_eq!(store.versions("izmir-2021").await.expect("reads").len(), 1);
        assert_eq!(
            store.change_marker().await.expect("reads"),
            marker,
            "the change marker"
        );

        let number = publish(
            &store,
            "izmir-2021",
            "Renamed",
            "2026-01-06T10:00:00Z",
            None,
        )
        .await;

        assert_eq!(number, 2);
        assert_ne!(store.change_marker().await.expect("reads"), marker);
        let current = store
            .current_programme("izmir-2021")
            .await
            .expect("reads")
            .expect("the event is published");
        assert_eq!(
            (current.version, current.source),
            (2, format!("{renamed}# more\n"))
        );
        let listed: Vec<(String, i64, jiff::Timestamp)> = store
            .events()
            .await
            .expect("reads")
            .into_iter()
            .map(|e| (e.name, e.current_version, e.updated_at))
            .collect();
        assert_eq!(
            listed,
            vec![("Sommet d'Izmir".into(), 2, at("2026-01-06T10:00:00Z"))]
        );
    })
    .await;
}

#[tokio::test]
async fn an_event_with_only_a_draft_is_shown_nowhere() {
    on_each_backend(|Fresh { store, .. }| async move {
        import(&store, IZMIR, "2026-01-01T09:00:00Z").await;
        let marker = store.change_marker().await.expect("reads");

        save(
            &store,
            &montreal_source(),
            None,
            "2026-01-05T09:00:00Z",
            None,
        )
        .await
        .expect("saves");

        let listed: Vec<String> = store
            .events()
            .await
            .expect("reads")
            .into_iter()
            .map(|e: EventSummary| e.id.to_string())
            .collect();
        assert_eq!(listed, vec!["izmir-2021"]);
        assert_eq!(
            store
                .current_programme("montreal-2015")
                .await
                .expect("reads"),
            None
        );
        assert_eq!(
            store.versions("montreal-2015").await.expect("reads"),
            vec![]
        );
        assert_eq!(store.change_marker().await.expect("reads"), marker);
        assert_eq!(
            store
                .draft("montreal-2015")
                .await
                .expect("reads")
                .map(|d| d.source),
            Some(montreal_source())
        );
    })
    .await;
}

#[tokio::test]
async fn publishing_an_event_without_a_draft_is_refused() {
    on_each_backend(|Fresh { store, .. }| async move {
        let marker = store.change_marker().await.expect("reads");

        let error = store
            .publish(
                "izmir-2021",
                "Programme final",
                at("2026-01-05T10:00:00Z"),
                None,
            )
            .await
            .expect_err("there is nothing to publish");

        assert!(matches!(error, StoreError::NoDraft { .. }), "{error:?}");
        assert_eq!(
            error.to_string(),
            "event \"izmir-2021\" has no draft to publish; save a draft first"
        );
        assert_eq!(store.events().await.expect("reads"), vec![]);
        assert_eq!(store.change_marker().await.expect("reads"), marker);
    })
    .await;
}

#[tokio::test]
async fn a_save_or_publication_by_an_unknown_account_is_refused() {
    on_each_backend(|Fresh { store, .. }| async move {
        let saved = save(&store, IZMIR, None, "2026-01-05T09:00:00Z", Some(&ghost())).await;
        let error = saved.expect_err("no such account");
        assert!(matches!(error, StoreError::UnknownUser { .. }), "{error:?}");
        assert_eq!(store.draft("izmir-2021").await.expect("reads"), None);

        save(&store, IZMIR, None, "2026-01-05T09:00:00Z", None)
            .await
            .expect("saves");
        let error = store
            .publish(
                "izmir-2021",
                "final",
                at("2026-01-05T10:00:00Z"),
                Some(&ghost()),
            )
            .await
            .expect_err("no such account");
        assert!(matches!(error, StoreError::UnknownUser { .. }), "{error:?}");
        assert_eq!(store.versions("izmir-2021").await.expect("reads"), vec![]);
        assert_eq!(
            store
                .draft("izmir-2021")
                .await
                .expect("reads")
                .and_then(|d| d.published_revision),
            None,
            "the refused publication changed nothing"
        );
    })
    .await;
}

#[tokio::test]
async fn an_import_replaces_the_draft_and_publishes_it() {
    on_each_backend(|Fresh { store, .. }| async move {
        let ayse = editor(&store).await;
        import(&store, &izmir_revision(1), "2026-01-01T09:00:00Z").await;
        save(
            &store,
            &izmir_revision(2),
            Some(1),
            "2026-01-02T09:00:00Z",
            Some(&ayse),
        )
        .await
        .expect("saves");

        let number = import(&store, &izmir_revision(3), "2026-01-03T09:00:00Z").await;

        assert_eq!(number, 2);
        assert_eq!(
            store.draft("izmir-2021").await.expect("reads"),
            Some(Draft {
                event_id: slug("izmir-2021"),
                source: izmir_revision(3),
                revision: 3,
                published_revision: Some(3),
                updated_at: at("2026-01-03T09:00:00Z"),
                updated_by: None,
            })
        );
        let notes: Vec<(i64, String)> = store
            .versions("izmir-2021")
            .await
            .expect("reads")
            .into_iter()
            .map(|v| (v.number, v.note))
            .collect();
        assert_eq!(
            notes,
            vec![(2, IMPORT_NOTE.to_owned()), (1, IMPORT_NOTE.to_owned())]
        );
        assert_eq!(
            save(
                &store,
                &izmir_revision(4),
                Some(2),
                "2026-01-04T09:00:00Z",
                None
            )
            .await
            .map_err(|e| e.to_string()),
            Err(
                "the draft of event \"izmir-2021\" was saved by someone else since revision 2, \
                 which you edited: it is at revision 3 now; load it, make your changes again and \
                 save"
                    .to_owned()
            ),
            "an edit begun before the import is stale"
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_publications_of_one_unchanged_draft_make_one_version() {
    on_each_backend(|Fresh { store, url, .. }| async move {
        save(&store, IZMIR, None, "2026-01-05T09:00:00Z", None)
            .await
            .expect("saves");
        let other_node = Store::connect(&url).await.expect("opens the same database");
        let mut publications = Vec::new();
        for n in 0..6 {
            let node = if n % 2 == 0 {
                store.clone()
            } else {
                other_node.clone()
            };
            publications.push(tokio::spawn(async move {
                node.publish(
                    "izmir-2021",
                    &format!("note {n}"),
                    at("2026-01-05T10:00:00Z"),
                    None,
                )
                .await
            }));
        }
        let mut outcomes = Vec::new();
        for one in publications {
            match one.await.expect("the task does not panic") {
                Ok(outcome) => outcomes.push(outcome),
                Err(error) => panic!("a concurrent publication must wait its turn: {error}"),
            }
        }
        other_node.close().await;

        // The first in makes version 1; the draft is then unchanged for the others.
        outcomes.sort_by_key(|o| matches!(o, Publication::Unchanged(_)));
        let mut expected = vec![Publication::Published(1)];
        expected.extend([Publication::Unchanged(1); 5]);
        assert_eq!(outcomes, expected);
        assert_eq!(store.change_marker().await.expect("reads"), 1);
    })
    .await;
}

#[tokio::test]
async fn a_draft_and_its_audit_entry_are_stored_together_or_not_at_all() {
    on_each_backend(|Fresh { store, .. }| async move {
        let now = at("2026-01-05T09:00:00Z");
        let mut unit = store.begin("saving a draft").await.expect("begins");
        unit.save_draft(&checked(IZMIR), None, now, None)
            .await
            .expect("saves");
        unit.record_audit(
            now,
            Some(&ghost()),
            "edit-session",
            Some("izmir-2021"),
            "opening",
        )
        .await
        .expect_err("no such account: the audit entry is refused");
        drop(unit);
        assert_eq!(store.draft("izmir-2021").await.expect("reads"), None);
        assert_eq!(store.audit_log(10).await.expect("reads"), vec![]);

        let mut unit = store.begin("saving a draft").await.expect("begins");
        unit.save_draft(&checked(IZMIR), None, now, None)
            .await
            .expect("saves");
        unit.record_audit(now, None, "edit-session", Some("izmir-2021"), "opening")
            .await
            .expect("records");
        unit.commit().await.expect("commits");
        assert_eq!(
            store
                .draft("izmir-2021")
                .await
                .expect("reads")
                .map(|d| d.revision),
            Some(1)
        );
        assert_eq!(store.audit_log(10).await.expect("reads").len(), 1);
    })
    .await;
}

#[tokio::test]
async fn publishing_an_unchanged_draft_again_stores_nothing() {
    on_each_backend(|Fresh { store, .. }| async move {
        save(&store, IZMIR, None, "2026-01-05T09:00:00Z", None)
            .await
            .expect("saves");
        assert_eq!(
            publish(&store, "izmir-2021", "first", "2026-01-05T10:00:00Z", None).await,
            1
        );
        let again = store
            .publish("izmir-2021", "again", at("2026-01-05T11:00:00Z"), None)
            .await
            .expect("answers");
        assert_eq!(again, Publication::Unchanged(1));
        assert_eq!(store.versions("izmir-2021").await.expect("reads").len(), 1);
        assert_eq!(store.change_marker().await.expect("reads"), 1);
    })
    .await;
}
