//! The `iam-playground` wasm binary that Trunk builds: it only starts the app.

fn main() {
    iam_playground_web::start();
}
