// Bundles the CodeMirror glue (web/js/editor.js) into one classic script,
// web/generated/editor.js, with esbuild from node_modules: no network.
//
// Trunk runs this as a pre_build hook (Trunk.toml), so `trunk build` and
// `trunk serve` always ship a fresh bundle; scripts/test.sh also runs it
// before the wasm-bindgen browser tests, which load the same file.
// Minified when TRUNK_PROFILE=release or with --release.
import { build } from "esbuild";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";

const webDir = fileURLToPath(new URL("..", import.meta.url));
const outDir = `${webDir}generated`;
const outFile = `${outDir}/editor.js`;
const release = process.env.TRUNK_PROFILE === "release" || process.argv.includes("--release");

const result = await build({
  entryPoints: [`${webDir}js/editor.js`],
  bundle: true,
  format: "iife",
  platform: "browser",
  target: ["chrome111", "firefox115", "safari16.4"],
  minify: release,
  legalComments: release ? "none" : "inline",
  write: false,
  logLevel: "warning",
});

const code = result.outputFiles[0].contents;
await mkdir(outDir, { recursive: true });
// Rewrite only on change: fewer file events for `trunk serve`'s watcher.
const previous = await readFile(outFile).catch(() => null);
if (previous === null || Buffer.compare(previous, code) !== 0) {
  await writeFile(outFile, code);
}
console.log(`editor bundle: ${outFile} (${(code.length / 1024).toFixed(1)} KiB${release ? ", minified" : ""})`);
