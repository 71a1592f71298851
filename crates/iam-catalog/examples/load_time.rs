//! Prints how long parsing the full catalogue takes: `cargo run --release -p iam-catalog --example load_time`.

use std::time::Instant;

use iam_catalog::Catalog;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/catalog.json");
    let bytes = std::fs::read(path)?;
    let runs = 10;
    let mut best = f64::MAX;
    let mut catalog = None;
    for _ in 0..runs {
        let start = Instant::now();
        let loaded = Catalog::from_bytes(&bytes)?;
        best = best.min(start.elapsed().as_secs_f64());
        catalog = Some(loaded);
    }
    let actions = catalog.as_ref().map_or(0, |c| c.actions().count());
    println!(
        "{} bytes, {actions} actions: best of {runs} loads {:.1} ms",
        bytes.len(),
        best * 1000.0
    );
    Ok(())
}
