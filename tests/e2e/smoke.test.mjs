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
    await session.snap("loaded");

    // The shell: header and the three panels.
    assert.equal(await page.textContent("h1"), "IAM Playground");
    for (const [panel, title] of [
      ["canvas", "Canvas"],
      ["editor", "Policy"],
      ["decision", "Decision"],
    ]) {
      assert.equal(await page.textContent(`[data-panel=${panel}] h2`), title);
      assert.ok(await page.isVisible(`[data-panel=${panel}]`), `${panel} panel visible`);
    }
    // Every asset came from the sub-path (relative URLs work).
    assert.ok(session.requests.some((u) => u.startsWith(session.url) && u.endsWith(".wasm")), "wasm loaded");

    // CodeMirror shows the sample policy.
    assert.match(await editorText(page), /"Version": "2012-10-17"/);

    // Type a new policy and read it back, from the editor and from the
    // Rust side (the stats line is updated by the editor's onChange).
    await page.click("[data-panel=editor] .cm-content");
    await page.keyboard.press("ControlOrMeta+A");
    await page.keyboard.press("Delete");
    const typed = '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"*"}]}';
    await page.keyboard.type(typed);
    assert.equal(await editorText(page), typed);
    assert.equal(
      await page.textContent("[data-testid=editor-stats]"),
      `1 line · ${typed.length} characters`,
    );
    await session.snap("typed");

    // Format re-indents it (Rust -> JS call), keeping the content.
    await page.click("[data-panel=editor] button:has-text('Format')");
    const formatted = await editorText(page);
    assert.deepEqual(JSON.parse(formatted), JSON.parse(typed));
    assert.match(formatted, /^\{\n {2}"Version": "2012-10-17",\n {2}"Statement": \[\n {4}\{\n/);
    assert.equal(
      await page.textContent("[data-testid=editor-stats]"),
      `${formatted.split("\n").length} lines · ${formatted.length} characters`,
    );
    await session.snap("formatted");

    // Malformed JSON is not touched, and the footer says why.
    await page.keyboard.press("ControlOrMeta+A");
    await page.keyboard.type('{"a": 1'); // the editor closes the brace...
    await page.keyboard.press("Delete"); // ...which we remove again
    assert.equal(await editorText(page), '{"a": 1');
    await page.click("[data-panel=editor] button:has-text('Format')");
    assert.equal(await editorText(page), '{"a": 1');
    assert.equal(
      await page.textContent("[data-panel=editor] [role=status]"),
      "Not well-formed JSON: nothing to format.",
    );
    await session.snap("malformed");
    await page.click("[data-panel=editor] .cm-content");
    await page.keyboard.press("ControlOrMeta+End");
    await page.keyboard.type("}");
    assert.equal(await page.locator("[data-panel=editor] [role=status]").count(), 0, "warning cleared on edit");

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
