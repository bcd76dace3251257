//! `TestSite`: the whole app on a real local socket, over a fresh SQLite store with the Izmir
//! programme imported, for a browser to visit; more programmes and organiser accounts can be added.

use std::sync::Arc;

use convene_core::{CheckOptions, Checked};
use convene_store::{Role, Store};
use convene_web::{AppState, Catalog, Site, app};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

use crate::scratch::ScratchFolder;

const IZMIR: &str = include_str!("../../../../examples/izmir-2021.toml");

pub struct TestSite {
    base_url: String,
    store: Store,
    catalog: Arc<Catalog>,
    server: JoinHandle<()>,
    _folder: ScratchFolder,
}

impl TestSite {
    /// Imports the Izmir programme into a new SQLite file, loads the catalog and serves the app on
    /// 127.0.0.1, on a port of the system's choosing, until the site is dropped.
    pub async fn start() -> Self {
        let folder = ScratchFolder::new("convene-browser-site");
        let url = format!("sqlite://{}", folder.path().join("convene.db").display());
        let store = Store::connect(&url).await.expect("the SQLite store opens");
        store.migrate().await.expect("the migrations apply");
        let programme =
            Checked::load(IZMIR, &CheckOptions::default()).expect("the Izmir programme loads");
        let imported_at: jiff::Timestamp = "2021-11-20T09:00:00Z".parse().expect("a valid instant");
        store
            .import_programme(&programme, imported_at)
            .await
            .expect("the Izmir programme imports");
        let catalog = Arc::new(Catalog::new());
        convene_web::catalog::refresh(&store, &catalog)
            .await
            .expect("the catalog loads");

        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a free local port for the site");
        let address = listener.local_addr().expect("the site's address");
        let base_url = format!("http://{address}");
        let router = app(AppState::new(
            Arc::clone(&catalog),
            Site::new(base_url.as_str()),
            store.clone(),
        ));
        let server = tokio::spawn(async move {
            if let Err(error) = axum::serve(listener, router).await {
                eprintln!("the test site on {address} stopped: {error}");
            }
        });
        Self {
            base_url,
            store,
            catalog,
            server,
            _folder: folder,
        }
    }

    /// Imports (and so publishes) another programme file at `at`, then reloads the catalog, as
    /// `serve` does when it notices.
    pub async fn import(&self, source: &str, at: jiff::Timestamp) {
        let programme =
            Checked::load(source, &CheckOptions::default()).expect("the programme loads");
        self.store
            .import_programme(&programme, at)
            .await
            .expect("the programme imports");
        convene_web::catalog::refresh(&self.store, &self.catalog)
            .await
            .expect("the catalog reloads");
    }

    /// Creates an organiser account with `role` on every event, that signs in with `email` and
    /// `password`.
    pub async fn create_organiser(&self, email: &str, role: Role, password: &str) {
        let now = jiff::Timestamp::now();
        let user = self
            .store
            .create_user(email, role, now)
            .await
            .expect("a new organiser account");
        for event in self.store.events().await.expect("the events") {
            self.store
                .set_event_role(&user.id, event.id.as_str(), Some(role))
                .await
                .expect("a role on the event");
        }
        let phc = convene_web::organiser::credentials::hash_password(password)
            .expect("the password is long enough");
        self.store
            .set_password_hash(&user.id, &phc, now)
            .await
            .expect("the password is stored");
    }

    /// The draft of `event` as it is stored now.
    pub async fn draft(&self, event: &str) -> convene_core::Programme {
        let draft = self
            .store
            .draft(event)
            .await
            .expect("the store answers")
            .expect("the event has a draft");
        Checked::load(&draft.source, &CheckOptions::default())
            .expect("a stored draft loads")
            .into_programme()
    }

    /// The site's store, for setting up what organisers would and reading what was written.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The absolute URL of `path` (which starts with a slash) on this site.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }
}

impl Drop for TestSite {
    fn drop(&mut self) {
        self.server.abort();
    }
}
