// Performance budget of a release build (run after `trunk build --release --offline`):
//
//  1. transfer size of the first load: every file of dist/ gzipped
//     (wasm + JS + CSS + HTML + icon), budget 600 KB;
//  2. time to interactive in headless Chromium: from navigation start to
//     the app setting <body data-ready> (web/src/app.rs), over several
//     cold-cache loads of dist/ served on loopback under a sub-path;
//     budget 1.5 s for the median.
//
// Prints the figures; exits 1 only if a budget is exceeded.
//   node scripts/budget.mjs [dist] [--runs N]
import { readdir, readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";

import { BASE, launchBrowser } from "../tests/e2e/harness.mjs";
import { serveDirectory } from "../tests/e2e/static-server.mjs";

const BUDGET_TRANSFER_KB = 600;
const BUDGET_READY_MS = 1500;

const args = process.argv.slice(2);
const runsAt = args.indexOf("--runs");
const runs = runsAt >= 0 ? Number(args.splice(runsAt, 2)[1]) : 5;
const dist = resolve(args[0] ?? "dist");

const kb = (bytes) => (bytes / 1000).toFixed(1);
const failures = [];

// 1. Transfer size.
const files = (await readdir(dist, { withFileTypes: true })).filter((f) => f.isFile()).map((f) => f.name);
if (!files.some((f) => f.endsWith(".wasm"))) {
  console.error(`budget: no .wasm in ${dist}: run \`trunk build --release --offline\` first`);
  process.exit(1);
}
let raw = 0;
let gz = 0;
console.log(`budget: transfer size of ${dist} (gzip -6)`);
for (const name of files.sort()) {
  const bytes = await readFile(join(dist, name));
  const zipped = gzipSync(bytes, { level: 6 }).length;
  raw += bytes.length;
  gz += zipped;
  console.log(`  ${name.padEnd(44)} ${kb(bytes.length).padStart(8)} KB  ${kb(zipped).padStart(7)} KB gz`);
}
console.log(`  ${"total".padEnd(44)} ${kb(raw).padStart(8)} KB  ${kb(gz).padStart(7)} KB gz   (budget ${BUDGET_TRANSFER_KB} KB gz)`);
if (gz / 1000 > BUDGET_TRANSFER_KB) failures.push(`transfer ${kb(gz)} KB > ${BUDGET_TRANSFER_KB} KB`);

// 2. Time to interactive.
const server = await serveDirectory({ root: dist, base: BASE });
const browser = await launchBrowser();
const times = [];
try {
  for (let i = 0; i < runs; i++) {
    // A new context per run: empty cache, as for a first visit.
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    await context.addInitScript(() => {
      new MutationObserver((_, observer) => {
        if (document.body?.hasAttribute("data-ready")) {
          window.__readyAt = performance.now();
          observer.disconnect();
        }
      }).observe(document, { attributes: true, subtree: true, attributeFilter: ["data-ready"] });
    });
    const page = await context.newPage();
    await page.goto(server.url, { waitUntil: "load" });
    await page.waitForSelector("body[data-ready]", { timeout: 15_000 });
    const t = await page.evaluate(() => {
      const nav = performance.getEntriesByType("navigation")[0];
      const wasm = performance.getEntriesByType("resource").find((r) => r.name.endsWith(".wasm"));
      return {
        ready: window.__readyAt,
        domContentLoaded: nav.domContentLoadedEventEnd,
        wasmLoaded: wasm?.responseEnd ?? NaN,
      };
    });
    times.push(t);
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
}
const fmt = (ms) => `${Math.round(ms)} ms`;
console.log(`budget: time to interactive (navigation -> <body data-ready>), ${runs} cold-cache loads, ${server.url}`);
times.forEach((t, i) =>
  console.log(
    `  run ${i + 1}: ready ${fmt(t.ready)}  (DOMContentLoaded ${fmt(t.domContentLoaded)}, wasm loaded ${fmt(t.wasmLoaded)})`,
  ),
);
const sorted = times.map((t) => t.ready).sort((a, b) => a - b);
const median = sorted[Math.floor(sorted.length / 2)];
console.log(`  median ${fmt(median)}, best ${fmt(sorted[0])}, worst ${fmt(sorted.at(-1))}   (budget ${BUDGET_READY_MS} ms)`);
if (!(median <= BUDGET_READY_MS)) failures.push(`time to interactive ${fmt(median)} > ${BUDGET_READY_MS} ms`);

if (failures.length) {
  console.error(`budget: EXCEEDED: ${failures.join("; ")}`);
  process.exit(1);
}
console.log("budget: ok");
