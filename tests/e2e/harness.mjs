// End-to-end harness: Debian's Chromium driven by playwright-core, against
// the built dist/ served under a sub-path by static-server.mjs.
//
// A session records every request and fails if one leaves the page's origin
// (off-origin requests are also aborted, so nothing is ever sent); it fails
// on any console error or warning, uncaught page error, CSP violation, failed
// request or HTTP error; and `snap(stage)` saves a screenshot per stage in
// tests/e2e/artifacts/ (gitignored).
//
// Environment: CHROMIUM (default /usr/bin/chromium), DIST (default dist),
// E2E_BASE (default /sub/path/).
import assert from "node:assert/strict";
import { mkdir, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

import { serveDirectory } from "./static-server.mjs";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
export const ARTIFACTS = join(repoRoot, "tests", "e2e", "artifacts");
export const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
export const DIST = resolve(repoRoot, process.env.DIST ?? "dist");
export const BASE = process.env.E2E_BASE ?? "/sub/path/";

// The flags this machine's Chromium needs (root, no GPU, closed network).
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/**
 * Launches Chromium with a fresh, empty profile directory. Returns the
 * persistent context and a `close()` that also deletes the profile.
 */
export async function launchChromium({ viewport = { width: 1440, height: 900 }, colorScheme = "light" } = {}) {
  const userDataDir = await mkdtemp(join(tmpdir(), "iam-playground-chromium-"));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport,
    colorScheme,
    timeout: 30_000,
  });
  return {
    context,
    async close() {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Launches Chromium for several independent contexts (`browser.newContext()`,
 * each with an empty cache); Playwright gives it a fresh temporary profile.
 */
export function launchBrowser() {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, timeout: 30_000 });
}

/**
 * Serves dist/ under BASE, launches Chromium, opens a page and watches it.
 * `name` prefixes the screenshots. Call `await session.close()` in a finally.
 */
export async function openSession(name, options = {}) {
  // Screenshots of an earlier run of this session would be misleading.
  await mkdir(ARTIFACTS, { recursive: true });
  for (const file of await readdir(ARTIFACTS)) {
    if (file.startsWith(`${name}-`) && file.endsWith(".png")) await rm(join(ARTIFACTS, file));
  }
  const server = await serveDirectory({ root: DIST, base: BASE });
  let browser;
  try {
    browser = await launchChromium(options);
  } catch (err) {
    await server.close();
    throw err;
  }
  const { context } = browser;
  const origin = server.origin;
  const requests = [];
  const offOrigin = [];
  const problems = [];
  let shot = 0;

  // Record every request; abort (and flag) any that would leave the origin.
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (new URL(url).origin === origin) return route.continue();
    offOrigin.push(url);
    return route.abort("blockedbyclient");
  });
  await context.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener("securitypolicyviolation", (e) =>
      window.__cspViolations.push(
        `${e.violatedDirective} blocked ${e.blockedURI || "inline"}` +
          ` at ${e.sourceFile || "?"}:${e.lineNumber}:${e.columnNumber}` +
          (e.sample ? ` sample: ${e.sample}` : "") +
          (e.target instanceof Element ? ` on <${e.target.localName} class="${e.target.className}">` : ""),
      ),
    );
  });

  const page = context.pages()[0] ?? (await context.newPage());
  page.on("request", (req) => requests.push(req.url()));
  page.on("console", (msg) => {
    if (msg.type() === "error" || msg.type() === "warning") {
      problems.push(`console.${msg.type()}: ${msg.text()}`);
    }
  });
  page.on("pageerror", (err) => problems.push(`page error: ${err.message}`));
  page.on("requestfailed", (req) => {
    if (new URL(req.url()).origin === origin) {
      problems.push(`request failed: ${req.url()} (${req.failure()?.errorText})`);
    }
  });
  page.on("response", (res) => {
    if (res.status() >= 400) problems.push(`HTTP ${res.status()}: ${res.url()}`);
  });

  return {
    page,
    context,
    url: server.url,
    origin,
    requests,
    /** What assertClean will report; a test that provokes a failure removes the ones it expects. */
    problems,

    /** Opens the app and waits for `<body data-ready>`; returns milliseconds from navigation. */
    async open(path = "") {
      await page.goto(server.url + path, { waitUntil: "load" });
      await page.waitForSelector("body[data-ready]", { timeout: 15_000 });
      return page.evaluate(() => performance.now());
    },

    /** Saves a full-page screenshot for this stage. */
    async snap(stage) {
      await mkdir(ARTIFACTS, { recursive: true });
      shot += 1;
      const file = join(ARTIFACTS, `${name}-${String(shot).padStart(2, "0")}-${stage}.png`);
      await page.screenshot({ path: file, fullPage: true });
      return file;
    },

    /** Fails on any off-origin request, console error/warning, page error or CSP violation. */
    async assertClean() {
      const csp = await page.evaluate(() => window.__cspViolations ?? []).catch(() => []);
      assert.deepEqual(offOrigin, [], "requests left the origin");
      assert.deepEqual(csp, [], "Content-Security-Policy violations");
      assert.deepEqual(problems, [], "console errors/warnings or failed requests");
      const outside = requests.filter((u) => u.startsWith(origin) && !u.startsWith(server.url));
      assert.deepEqual(outside, [], `requests outside the sub-path ${BASE}`);
    },

    async close() {
      await browser.close().catch(() => {});
      await server.close();
    },
  };
}
