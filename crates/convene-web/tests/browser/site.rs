//! `TestSite`: the whole app on a real local socket, over a fresh SQLite store with the Izmir
//! programme imported, for a browser to visit.

use std::sync::Arc;

use convene_core::{CheckOptions, load};
use convene_store::Store;
use convene_web::{AppState, Catalog, Site, app};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

use crate::scratch::ScratchFolder;

const IZMIR: &str = include_str!("../../../../examples/izmir-2021.toml");

pub struct TestSite {
    base_url: String,
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
        let programme = load(IZMIR, &CheckOptions::default())
            .programme
            .expect("the Izmir programme loads");
        let imported_at: jiff::Timestamp = "2021-11-20T09:00:00Z".parse().expect("a valid instant");
        store
            .import_programme(&programme, IZMIR, imported_at)
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
            catalog,
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
            server,
            _folder: folder,
        }
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
