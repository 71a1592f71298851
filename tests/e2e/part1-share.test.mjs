// User stories: "I share a link that reopens exactly my state", "a broken or hostile link
// (or saved state) opens the default with a clear message", "nothing is lost on reload",
// "I export my playground to a file and import it back".
import assert from "node:assert/strict";
import { readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";

import { openSession } from "./harness.mjs";
import { showOutline, editorReady, expectDecision, requestValues } from "./part1-helpers.mjs";

async function setUpDavidWithContext(page) {
  await page.click("[data-testid=scenarios] button:has-text('David (Developers) is allowed sts:AssumeRole on UpdateApp')");
  await expectDecision(page, "Allow");
  await page.click("[data-testid=context] button:has-text('Add key')");
  await page.fill("[data-testid=context] input[aria-label=Key]", "aws:SourceIp");
  await page.fill("[data-testid=context] input[aria-label=Value]", "203.0.113.7");
  // Open a second policy so the tabs are part of the state too.
  await showOutline(page);
  await page.click("[data-testid=world-outline] .policy-chip:has-text('read-write-app-bucket')");
}

async function expectDavidWithContext(page) {
  await expectDecision(page, "Allow");
  assert.deepEqual(await requestValues(page), { principal: "David", action: "sts:AssumeRole", resource: "UpdateApp" });
  assert.equal(await page.inputValue("[data-testid=context] input[aria-label=Key]"), "aws:SourceIp");
  assert.equal(await page.inputValue("[data-testid=context] input[aria-label=Value]"), "203.0.113.7");
  assert.match(await page.getAttribute("[data-panel=editor] [role=tab][aria-selected=true]", "title"), /read-write-app-bucket/);
}

test("a share link reopens exactly the same state, and a reload loses nothing", async () => {
  const session = await openSession("part1-share", { viewport: { width: 1366, height: 768 } });
  const { page, context } = session;
  try {
    await session.open();
    await editorReady(page);
    await setUpDavidWithContext(page);
    await page.click("[data-testid=share]");
    await page.waitForFunction(() => document.querySelector("[data-testid=share-status]")?.textContent !== "");
    const link = page.url();
    assert.match(link, /#v1\.[A-Za-z0-9_-]+$/);
    await session.snap("shared");

    // The link in a fresh page (no autosave: a new storage origin is not possible here, so
    // clear it) opens the same state.
    await page.evaluate(() => localStorage.clear());
    const other = await context.newPage();
    await other.goto(link, { waitUntil: "load" });
    await other.waitForSelector("body[data-ready]");
    await expectDavidWithContext(other);
    await other.close();

    // A plain reload (the fragment is kept up to date) and a visit without the fragment
    // (the autosave) both restore it.
    await page.waitForTimeout(500);
    await page.reload({ waitUntil: "load" });
    await page.waitForSelector("body[data-ready]");
    await expectDavidWithContext(page);
    await page.goto(session.url, { waitUntil: "load" });
    await page.waitForSelector("body[data-ready]");
    await expectDavidWithContext(page);
    await session.snap("restored-from-autosave");

    // An edit just before a reload (inside the 300 ms write throttle) is kept too.
    await page.fill("#request-action", "sts:TagSession");
    await page.reload({ waitUntil: "load" });
    await page.waitForSelector("body[data-ready]");
    assert.equal((await requestValues(page)).action, "sts:TagSession");
    await session.assertClean();
  } finally {
    await session.close();
  }
});

test("a corrupt or hostile link, or saved state, opens the default with a clear message", async () => {
  const session = await openSession("part1-hostile", { viewport: { width: 1366, height: 768 } });
  const { page } = session;
  try {
    const links = [
      "#v1.AAAA",
      "#v9.eJwrSS0uAQAEXQHB",
      "#%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E",
      "#v1.__________________________",
    ];
    for (const [index, link] of links.entries()) {
      await session.open(link);
      const notice = page.locator("[data-testid=notice][role=alert]");
      await notice.waitFor();
      assert.match(await notice.textContent(), /This link could not be opened: .*The default example is shown instead\./);
      await expectDecision(page, "ExplicitDeny");
      assert.equal((await requestValues(page)).principal, "Theresa");
      if (index === 0) await session.snap("hostile-link");
    }
    // A document of the right format whose world is hostile: the world's loader names the
    // problem; the page stays usable.
    await page.click("[data-testid=notice] button[aria-label=Dismiss]");
    assert.equal(await page.locator("[data-testid=notice]").count(), 0);

    // A corrupt autosave.
    await page.evaluate(() => localStorage.setItem("iam-playground.document", "v1.corrupt!"));
    await session.open();
    const notice = page.locator("[data-testid=notice][role=alert]");
    await notice.waitFor();
    assert.match(await notice.textContent(), /saved session could not be restored/);
    await expectDecision(page, "ExplicitDeny");
    await session.snap("hostile-saved-state");
    await session.assertClean();
  } finally {
    await session.close();
  }
});

test("export to a file and import it back; a broken file changes nothing", async () => {
  const session = await openSession("part1-files", { viewport: { width: 1366, height: 768 } });
  const { page } = session;
  try {
    await session.open();
    await editorReady(page);
    await setUpDavidWithContext(page);
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("[data-testid=export]")]);
    assert.equal(download.suggestedFilename(), "iam-playground-delegate-across-accounts.json");
    const file = join(tmpdir(), `iam-playground-export-${process.pid}.json`);
    await download.saveAs(file);
    const saved = JSON.parse(await readFile(file, "utf8"));
    assert.equal(saved.app, 1);
    assert.equal(saved.request.principal, "David");
    assert.equal(saved.world.version, 1);

    // Something else, then import.
    await page.click("[data-testid=examples-button]");
    await page.click("[role=menuitem][data-example=permissions-boundary]");
    await page.setInputFiles("[data-testid=import-file]", file);
    await page.waitForSelector("[data-testid=notice]:has-text('Opened')");
    await expectDavidWithContext(page);

    // A broken file: a message, and the state is untouched.
    const broken = join(tmpdir(), `iam-playground-broken-${process.pid}.json`);
    await writeFile(broken, '{"app": 1, "world": {"version": 1, "accounts": "nope"}}');
    await page.setInputFiles("[data-testid=import-file]", broken);
    await page.waitForSelector("[data-testid=notice][role=alert]:has-text('could not be opened')");
    await expectDavidWithContext(page);
    await session.snap("import-refused");
    await session.assertClean();
  } finally {
    await session.close();
  }
});
