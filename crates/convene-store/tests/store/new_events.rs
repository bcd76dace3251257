//! Events created by organisers: the first draft of a new event, an identifier already taken, and
//! the list of the events organisers work on.

use convene_store::{Draft, DraftSummary, Role, Store, StoreError, UserId};

use super::{IZMIR, at, checked, import, montreal_source, slug};
use crate::support::{Fresh, on_each_backend};

async fn create(
    store: &Store,
    source: &str,
    instant: &str,
    by: Option<&UserId>,
) -> Result<i64, StoreError> {
    let draft = checked(source);
    let event = draft.programme().event.id.to_string();
    let mut unit = store.begin("creating an event").await?;
    let revision = unit.create_event(&draft, at(instant), by).await?;
    unit.record_audit(at(instant), by, "create-event", Some(&event), "")
        .await?;
    unit.commit().await?;
    Ok(revision)
}

async fn admin(store: &Store) -> UserId {
    store
        .create_user("admin@example.org", Role::Admin, at("2026-01-01T09:00:00Z"))
        .await
        .expect("creates the account")
        .id
}

#[tokio::test]
async fn a_new_event_gets_its_first_draft_and_stays_private() {
    on_each_backend(|Fresh { store, .. }| async move {
        let admin = admin(&store).await;
        let marker = store.change_marker().await.expect("reads");

        let revision = create(
            &store,
            &montreal_source(),
            "2026-01-05T09:00:00Z",
            Some(&admin),
        )
        .await
        .expect("creates the event");

        assert_eq!(revision, 1);
        assert_eq!(
            store.draft("montreal-2015").await.expect("reads"),
            Some(Draft {
                event_id: slug("montreal-2015"),
                source: montreal_source(),
                revision: 1,
                published_revision: None,
                updated_at: at("2026-01-05T09:00:00Z"),
                updated_by: Some(admin.clone()),
            })
        );
        assert_eq!(store.events().await.expect("reads"), vec![], "not public");
        assert_eq!(
            store.versions("montreal-2015").await.expect("reads"),
            vec![]
        );
        assert_eq!(store.change_marker().await.expect("reads"), marker);
        let audit = store.audit_log(10).await.expect("reads");
        assert_eq!(
            audit.iter().map(|e| e.action.as_str()).collect::<Vec<_>>(),
            ["create-event"],
            "recorded in the same unit of work"
        );
    })
    .await;
}

#[tokio::test]
async fn an_identifier_another_event_has_is_refused_and_nothing_changes() {
    on_each_backend(|Fresh { store, .. }| async move {
        import(&store, IZMIR, "2026-01-01T09:00:00Z").await;
        create(&store, &montreal_source(), "2026-01-02T09:00:00Z", None)
            .await
            .expect("creates the event");
        let before = (
            store.draft("izmir-2021").await.expect("reads"),
            store.draft("montreal-2015").await.expect("reads"),
            store.audit_log(10).await.expect("reads"),
        );

        for (case, source) in [
            ("published", IZMIR.to_owned()),
            ("with a draft only", montreal_source()),
        ] {
            let error = create(&store, &source, "2026-01-05T09:00:00Z", None)
                .await
                .expect_err("the identifier is taken");
            assert!(
                matches!(error, StoreError::EventExists { .. }),
                "{case}: {error:?}"
            );
        }

        let after = (
            store.draft("izmir-2021").await.expect("reads"),
            store.draft("montreal-2015").await.expect("reads"),
            store.audit_log(10).await.expect("reads"),
        );
        assert_eq!(after, before, "the refused creations changed nothing");
    })
    .await;
}

#[tokio::test]
async fn an_event_called_new_is_refused_however_it_would_be_stored() {
    on_each_backend(|Fresh { store, .. }| async move {
        let new = checked(&IZMIR.replacen("id = \"izmir-2021\"", "id = \"new\"", 1));
        let now = at("2026-01-01T09:00:00Z");
        let mut unit = store.begin("storing an event called new").await.unwrap();

        let refusals = [
            ("created", unit.create_event(&new, now, None).await),
            (
                "saved as a draft",
                unit.save_draft(&new, None, now, None).await,
            ),
            ("imported", unit.import_programme(&new, now).await),
        ];
        drop(unit);

        for (case, refused) in refusals {
            let error = refused.expect_err("the id is reserved");
            assert_eq!(
                error.to_string(),
                "`new` is reserved for the page that creates events; choose another id",
                "{case}"
            );
        }
        assert_eq!(store.draft("new").await.expect("reads"), None);
    })
    .await;
}

#[tokio::test]
async fn a_creation_by_an_unknown_account_stores_nothing() {
    on_each_backend(|Fresh { store, .. }| async move {
        let ghost = UserId::parse("ghost").expect("a well-formed identifier");

        let error = create(&store, IZMIR, "2026-01-05T09:00:00Z", Some(&ghost))
            .await
            .expect_err("no such account");

        assert!(matches!(error, StoreError::UnknownUser { .. }), "{error:?}");
        assert_eq!(store.draft("izmir-2021").await.expect("reads"), None);
        assert_eq!(store.drafts().await.expect("reads"), vec![]);
        create(&store, IZMIR, "2026-01-05T09:00:00Z", None)
            .await
            .expect("the identifier stayed free");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn of_concurrent_creations_of_one_identifier_exactly_one_wins() {
    on_each_backend(|Fresh { store, url, .. }| async move {
        let other_node = Store::connect(&url).await.expect("opens the same database");
        let mut creations = Vec::new();
        for n in 0..6 {
            let node = if n % 2 == 0 {
                store.clone()
            } else {
                other_node.clone()
            };
            creations.push(tokio::spawn(async move {
                let source = format!("{}# creation {n}\n", montreal_source());
                create(&node, &source, "2026-01-05T09:00:00Z", None).await
            }));
        }
        let mut won = 0;
        for one in creations {
            match one.await.expect("the task does not panic") {
                Ok(revision) => {
                    assert_eq!(revision, 1);
                    won += 1;
                }
                Err(StoreError::EventExists { .. }) => {}
                Err(error) => panic!("a losing creation must be refused as taken: {error}"),
            }
        }
        other_node.close().await;
        assert_eq!(won, 1, "exactly one creation wins");
        assert_eq!(store.audit_log(10).await.expect("reads").len(), 1);
    })
    .await;
}

#[tokio::test]
async fn organisers_list_every_event_with_a_draft_published_or_not() {
    on_each_backend(|Fresh { store, .. }| async move {
        assert_eq!(store.drafts().await.expect("reads"), vec![]);
        import(&store, IZMIR, "2026-01-01T09:00:00Z").await;
        create(&store, &montreal_source(), "2026-01-02T09:00:00Z", None)
            .await
            .expect("creates the event");

        assert_eq!(
            store.drafts().await.expect("reads"),
            vec![
                DraftSummary {
                    event_id: slug("izmir-2021"),
                    name: "3e Sommet international des maires sur le vivre-ensemble".into(),
                    revision: 1,
                    current_version: 1,
                },
                DraftSummary {
                    event_id: slug("montreal-2015"),
                    name: "Sommet international du vivre-ensemble".into(),
                    revision: 1,
                    current_version: 0,
                },
            ]
        );
    })
    .await;
}
