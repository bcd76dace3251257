//! A fresh folder per unit test, removed when the test ends.

use std::hash::{BuildHasher, RandomState};
use std::path::PathBuf;

pub(crate) struct TempDir(PathBuf);

impl TempDir {
    pub(crate) fn new() -> Self {
        let random = RandomState::new().hash_one(std::process::id());
        let path = std::env::temp_dir().join(format!("convene-store-unit-{random:016x}"));
        std::fs::create_dir_all(&path).expect("creates a temporary folder");
        TempDir(path)
    }

    /// The path of a file in the folder, as text.
    pub(crate) fn file(&self, name: &str) -> String {
        self.0.join(name).to_string_lossy().into_owned()
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
