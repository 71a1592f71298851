// Performance budget of a release build (run after `trunk build --release --offline`):
//
//  1. first-load transfer: the files index.html loads before the app is interactive
//     (wasm + its JS glue and the glue's snippets + CSS + HTML + icon), gzipped; budget
//     600 KB. Files loaded after the first render (the CodeMirror bundle, the action
//     catalogue, the authoring-help module in api/, the large managed-policy texts) and on
//     demand (demo pages, type declarations) are reported separately;
//  2. time to an interactive example in headless Chromium, over several cold-cache loads of
//     dist/ served on loopback under a sub-path: navigation start to <body data-ready> (the
//     default example's decision is on screen and the request can be changed), and to
//     <body data-editor-ready> (CodeMirror mounted); budget 1.5 s for the median of the first;
//  3. re-evaluation after a keystroke in the largest example world: the app measures, in the
//     page, from the editor's change to the rendered decision (web/src/app.rs writes
//     <body data-update-ms>); budget 16 ms for the median.
//  4. the diagram: dragging a node of the largest example and of a generated world of 10
//     accounts and 60 nodes; the canvas measures, in the page, from each pointer move to the
//     re-rendered drawing (web/src/components/canvas writes <body data-diagram-ms>); budget
//     16 ms for the median of each.
//
// Prints the figures; exits 1 only if a budget is exceeded.
//   node scripts/budget.mjs [dist] [--runs N]
import { readdir, readFile, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";

import { BASE, launchBrowser } from "../tests/e2e/harness.mjs";
import { serveDirectory } from "../tests/e2e/static-server.mjs";
import { fragmentFor, generatedWorld } from "../tests/e2e/part2-helpers.mjs";

const BUDGET_TRANSFER_KB = 600;
const BUDGET_READY_MS = 1500;
const BUDGET_KEYSTROKE_MS = 16;

const args = process.argv.slice(2);
const runsAt = args.indexOf("--runs");
const runs = runsAt >= 0 ? Number(args.splice(runsAt, 2)[1]) : 5;
const dist = resolve(args[0] ?? "dist");
const repo = resolve(new URL("..", import.meta.url).pathname);

const kb = (bytes) => (bytes / 1000).toFixed(1);
const failures = [];

async function sizes(name) {
  const bytes = await readFile(join(dist, name));
  return { raw: bytes.length, gz: gzipSync(bytes, { level: 6 }).length };
}

function table(title, names, rows) {
  let raw = 0;
  let gz = 0;
  console.log(title);
  for (const name of names) {
    const s = rows.get(name);
    raw += s.raw;
    gz += s.gz;
    console.log(`  ${name.padEnd(46)} ${kb(s.raw).padStart(8)} KB  ${kb(s.gz).padStart(7)} KB gz`);
  }
  console.log(`  ${"total".padEnd(46)} ${kb(raw).padStart(8)} KB  ${kb(gz).padStart(7)} KB gz`);
  return gz;
}

// 1. Transfer sizes: what index.html references is the first load.
const html = await readFile(join(dist, "index.html"), "utf8").catch(() => null);
const all = (await readdir(dist, { recursive: true, withFileTypes: true }))
  .filter((f) => f.isFile())
  .map((f) => join(f.parentPath ?? f.path, f.name).slice(dist.length + 1));
if (!html || !all.some((f) => f.endsWith(".wasm"))) {
  console.error(`budget: no index.html or .wasm in ${dist}: run \`trunk build --release --offline\` first`);
  process.exit(1);
}
const referenced = new Set(["index.html"]);
for (const [, url] of html.matchAll(/(?:href|src)="([^"#?]+)"/g)) {
  const name = url.replace(/^\.\//, "");
  if (all.includes(name)) referenced.add(name);
}
// The wasm is fetched by the glue (Trunk also preloads it).
for (const name of all) if (name.endsWith(".wasm") && !name.startsWith("api/")) referenced.add(name);
// wasm-bindgen's inline JS snippets, which the glue imports statically.
for (const name of all) if (name.startsWith("snippets/")) referenced.add(name);
const rows = new Map();
for (const name of all) rows.set(name, await sizes(name));
const firstLoad = [...referenced].sort();
const deferred = ["editor.js", "catalog.json", "deferred.tsv", "api/iam_wasm.js", "api/iam_wasm_bg.wasm"].filter((n) => all.includes(n));
const onDemand = all.filter((n) => !referenced.has(n) && !deferred.includes(n)).sort();

console.log(`budget: transfer sizes of ${dist} (gzip -6)`);
const firstGz = table("first load (before the app is interactive):", firstLoad, rows);
const headroom = BUDGET_TRANSFER_KB - firstGz / 1000;
console.log(`  ${headroom >= 0 ? "within" : "OVER"} the ${BUDGET_TRANSFER_KB} KB gz budget (${Math.abs(headroom).toFixed(1)} KB ${headroom >= 0 ? "to spare" : "over"})`);
if (headroom < 0) failures.push(`first load ${kb(firstGz)} KB > ${BUDGET_TRANSFER_KB} KB`);
const deferredGz = table("after the first render (editor, catalogue, lint/completion module, large managed policies):", deferred, rows);
table("on demand only (demo pages, type declarations):", onDemand, rows);
console.log(`  first load + deferred: ${kb(firstGz + deferredGz)} KB gz`);

// 2 and 3 in the browser.
const server = await serveDirectory({ root: dist, base: BASE });
const browser = await launchBrowser();
const times = [];
const keystrokes = [];
const drags = {};
let largest;
try {
  for (let i = 0; i < runs; i++) {
    // A new context per run: empty cache, as for a first visit.
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    await context.addInitScript(() => {
      new MutationObserver(() => {
        const body = document.body;
        if (!body) return;
        if (body.hasAttribute("data-ready") && window.__readyAt === undefined) window.__readyAt = performance.now();
        if (body.hasAttribute("data-editor-ready") && window.__editorAt === undefined) window.__editorAt = performance.now();
      }).observe(document, { attributes: true, subtree: true, attributeFilter: ["data-ready", "data-editor-ready"] });
    });
    const page = await context.newPage();
    const requested = [];
    page.on("request", (r) => requested.push(r.url()));
    await page.goto(server.url, { waitUntil: "load" });
    await page.waitForSelector("body[data-editor-ready]", { timeout: 15_000 });
    const t = await page.evaluate(() => {
      const nav = performance.getEntriesByType("navigation")[0];
      const wasm = performance.getEntriesByType("resource").find((r) => r.name.endsWith(".wasm"));
      return {
        ready: window.__readyAt,
        editor: window.__editorAt,
        domContentLoaded: nav.domContentLoadedEventEnd,
        wasmLoaded: wasm?.responseEnd ?? NaN,
      };
    });
    times.push(t);
    await context.close();
  }

  // The largest example world.
  const worlds = join(repo, "crates", "iam-world", "worlds");
  let size = 0;
  for (const file of await readdir(worlds)) {
    const bytes = (await stat(join(worlds, file))).size;
    if (bytes > size) [size, largest] = [bytes, file.replace(/\.json$/, "")];
  }
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${server.url}?example=${largest}`, { waitUntil: "load" });
  await page.waitForSelector("body[data-editor-ready]", { timeout: 15_000 });
  // An editable policy of the request (AWS managed ones are read-only).
  await page.click("[data-panel=editor] [role=tab]:not(:has(.tab__lock))");
  await page.click("[data-panel=editor] .cm-line >> nth=0");
  await page.keyboard.press("End");
  for (let i = 0; i < 30; i++) {
    const before = await page.getAttribute("body", "data-update-ms");
    await page.keyboard.press(i % 2 === 0 ? "Space" : "Backspace");
    await page.waitForFunction((before) => {
      const now = document.body.getAttribute("data-update-ms");
      return now !== null && now !== before;
    }, before, { timeout: 5_000 }).catch(() => {});
    keystrokes.push(Number(await page.getAttribute("body", "data-update-ms")));
  }
  await context.close();

  // 4. Dragging a node of the diagram: the largest example, then a generated world.
  for (const [name, path] of [
    [largest, `?example=${largest}`],
    ["generated 10 accounts, 60 nodes", fragmentFor(generatedWorld(10, 60))],
  ]) {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await page.goto(server.url + path, { waitUntil: "load" });
    await page.waitForSelector("[data-drag=node]", { timeout: 15_000 });
    const box = await page.locator("[data-drag=node] .dg-node__box").first().boundingBox();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    const frames = [];
    for (let i = 1; i <= 30; i++) {
      const before = await page.getAttribute("body", "data-diagram-ms");
      await page.mouse.move(box.x + box.width / 2 + i * 3, box.y + box.height / 2 + i * 2);
      await page.waitForFunction((before) => {
        const now = document.body.getAttribute("data-diagram-ms");
        return now !== null && now !== before;
      }, before, { timeout: 5_000 }).catch(() => {});
      frames.push(Number(await page.getAttribute("body", "data-diagram-ms")));
    }
    await page.mouse.up();
    drags[name] = frames.filter((x) => Number.isFinite(x));
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
}
const fmt = (ms) => `${Math.round(ms)} ms`;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`budget: time to an interactive example, ${runs} cold-cache loads of ${server.url}`);
times.forEach((t, i) =>
  console.log(
    `  run ${i + 1}: decision ready ${fmt(t.ready)}, editor ready ${fmt(t.editor)}  (DOMContentLoaded ${fmt(t.domContentLoaded)}, wasm loaded ${fmt(t.wasmLoaded)})`,
  ),
);
const ready = times.map((t) => t.ready);
const readyMedian = median(ready);
console.log(`  decision ready: median ${fmt(readyMedian)}, best ${fmt(Math.min(...ready))}, worst ${fmt(Math.max(...ready))}   (budget ${BUDGET_READY_MS} ms)`);
console.log(`  editor ready:   median ${fmt(median(times.map((t) => t.editor)))}`);
if (!(readyMedian <= BUDGET_READY_MS)) failures.push(`time to interactive ${fmt(readyMedian)} > ${BUDGET_READY_MS} ms`);

const valid = keystrokes.filter((x) => Number.isFinite(x));
const keyMedian = median(valid);
console.log(`budget: keystroke to re-rendered decision in the largest example (${largest}), ${valid.length} keystrokes`);
console.log(`  median ${keyMedian.toFixed(1)} ms, best ${Math.min(...valid).toFixed(1)} ms, worst ${Math.max(...valid).toFixed(1)} ms   (budget ${BUDGET_KEYSTROKE_MS} ms)`);
if (!(valid.length >= 20 && keyMedian <= BUDGET_KEYSTROKE_MS)) failures.push(`keystroke ${keyMedian} ms > ${BUDGET_KEYSTROKE_MS} ms (or too few measured)`);

for (const [name, frames] of Object.entries(drags)) {
  const m = median(frames);
  console.log(`budget: diagram drag, pointer move to redrawn diagram, ${name}, ${frames.length} moves`);
  console.log(`  median ${m.toFixed(1)} ms, best ${Math.min(...frames).toFixed(1)} ms, worst ${Math.max(...frames).toFixed(1)} ms   (budget ${BUDGET_KEYSTROKE_MS} ms)`);
  if (!(frames.length >= 20 && m <= BUDGET_KEYSTROKE_MS)) failures.push(`diagram drag (${name}) ${m} ms > ${BUDGET_KEYSTROKE_MS} ms (or too few measured)`);
}

if (failures.length) {
  console.error(`budget: EXCEEDED: ${failures.join("; ")}`);
  process.exit(1);
}
console.log("budget: ok");
