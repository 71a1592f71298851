//! The corpus's case files, for the tests and benchmarks of every crate that reads them
//! (included with `#[path]`): `tests/corpus/<topic>/*.json`, sorted.

use std::path::{Path, PathBuf};

/// The corpus folder, seen from the crate that includes this file.
pub fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/corpus")
}

/// Every case file of the corpus, sorted by path; empty if the corpus is missing.
pub fn corpus_files() -> Vec<PathBuf> {
    let mut files = Vec::new();
    let Ok(topics) = std::fs::read_dir(corpus_dir()) else {
        return files;
    };
    for topic in topics.flatten() {
        let Ok(entries) = std::fs::read_dir(topic.path()) else {
            continue;
        };
        files.extend(
            entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|ext| ext == "json")),
        );
    }
    files.sort();
    files
}
