// Trunk post_build hook: packages the engine's JavaScript API (crates/iam-wasm) into
// dist/api/ (iam_wasm.js + iam_wasm.d.ts + iam_wasm_bg.wasm, wasm-bindgen `--target web`),
// and copies the demo pages (web/pages/) beside index.html. Offline: it uses cargo,
// wasm-bindgen and wasm-opt from PATH (scripts/setup.sh installs them).
//
// Also runnable by hand: node web/js/build-api.mjs OUT_DIR
import { spawnSync } from "node:child_process";
import { copyFile, mkdir, readdir } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));
const out = process.env.TRUNK_STAGING_DIR ?? process.argv[2];
if (!out) {
  console.error("build-api: give an output directory (or run me as a Trunk hook)");
  process.exit(1);
}

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit" });
  if (result.status !== 0) {
    console.error(`build-api: ${command} ${args.join(" ")} failed`);
    process.exit(result.status ?? 1);
  }
}

const profile = "wasm-release";
run("cargo", ["build", "--quiet", "-p", "iam-wasm", "--lib", "--target", "wasm32-unknown-unknown", "--profile", profile]);
const api = join(out, "api");
await mkdir(api, { recursive: true });
const wasm = join(root, "target", "wasm32-unknown-unknown", profile, "iam_wasm.wasm");
run("wasm-bindgen", ["--target", "web", "--out-dir", api, "--out-name", "iam_wasm", wasm]);
run("wasm-opt", ["-Oz", "--enable-bulk-memory", "--enable-nontrapping-float-to-int", "--enable-sign-ext", "--enable-mutable-globals", "--enable-reference-types", "--enable-multivalue", join(api, "iam_wasm_bg.wasm"), "-o", join(api, "iam_wasm_bg.wasm")]);

const pages = join(root, "web", "pages");
for (const file of await readdir(pages)) {
  await copyFile(join(pages, file), join(out, file));
}
console.log(`build-api: ${api} (iam_wasm.js, .d.ts, wasm) and ${(await readdir(pages)).length} demo files`);
