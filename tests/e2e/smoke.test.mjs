// Smoke test of the built app (dist/) in headless Chromium: run with
// `node --test tests/e2e/` after `trunk build --release --offline`.
import assert from "node:assert/strict";
import { test } from "node:test";

import { openSession } from "./harness.mjs";

/** The editor's text as displayed, line by line. */
const editorText = (page) =>
  page.$$eval("[data-panel=editor] .cm-line", (lines) => lines.map((l) => l.textContent).join("\n"));

test("open the playground and see the editor", async () => {
  const session = await openSession("smoke");
  const { page } = session;
  try {
    const readyMs = await session.open();
    await page.waitForSelector("body[data-editor-ready]");
    await session.snap("loaded");

    // The shell: header and the three panels.
    assert.equal(await page.textContent("h1"), "IAM Playground");
    for (const [panel, title] of [
      ["canvas", "World"],
      ["editor", "Policy"],
      ["decision", "Decision"],
    ]) {
      assert.equal(await page.textContent(`[data-panel=${panel}] h2`), title);
      assert.ok(await page.isVisible(`[data-panel=${panel}]`), `${panel} panel visible`);
    }
    // Every asset came from the sub-path (relative URLs work).
    assert.ok(session.requests.some((u) => u.startsWith(session.url) && u.endsWith(".wasm")), "wasm loaded");
    assert.ok(session.requests.some((u) => u === `${session.url}editor.js`), "editor bundle loaded lazily");

    // CodeMirror shows the deciding policy.
    assert.match(await editorText(page), /"Version": "2012-10-17"/);

    // Format re-indents it (Rust -> JS call), keeping the content.
    await page.click("[data-panel=editor] .cm-content");
    await page.keyboard.press("ControlOrMeta+End");
    await page.keyboard.press("Enter");
    await page.keyboard.type("  ");
    await page.click("[data-panel=editor] button:has-text('Format')");
    const formatted = await editorText(page);
    assert.ok(JSON.parse(formatted));
    assert.match(formatted, /^\{\n {2}"Version": "2012-10-17",\n {2}"Statement": \{\n/);

    // Malformed JSON is not touched, and the panel says why.
    await page.click("[data-panel=editor] .cm-content");
    await page.keyboard.press("ControlOrMeta+End");
    await page.keyboard.type("x");
    await page.click("[data-panel=editor] button:has-text('Format')");
    await session.snap("format-refused");
    assert.match(await editorText(page), /\}\n?x\n?$/);
    assert.equal(
      await page.textContent("[data-panel=editor] .problems__format"),
      "Not well-formed JSON: nothing to format.",
    );
    await session.snap("malformed");
    await page.click("[data-panel=editor] .cm-content");
    await page.keyboard.press("ControlOrMeta+End");
    await page.keyboard.press("Backspace");
    assert.equal(await page.locator("[data-panel=editor] .problems__format").count(), 0, "warning cleared on edit");

    // The page follows the OS colour scheme.
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const light = await background();
    await page.emulateMedia({ colorScheme: "dark" });
    const dark = await background();
    assert.notEqual(dark, light, "dark scheme changes the background");
    await session.snap("dark");

    await session.assertClean();
    console.log(`# ready ${Math.round(readyMs)} ms after navigation; ${session.requests.length} requests, all same-origin`);
  } finally {
    await session.close();
  }
});
