// User story: "I open the playground, read why Theresa is denied, and switch to David's case."
import assert from "node:assert/strict";
import { test } from "node:test";

import { openSession } from "./harness.mjs";
import { activeTab, editorReady, editorText, expectDecision, requestValues } from "./part1-helpers.mjs";

test("open the default example (seed 004) and read its decision", async () => {
  const session = await openSession("part1-decision", { viewport: { width: 1366, height: 768 } });
  const { page } = session;
  try {
    await session.open();
    // The decision is on screen before the editor bundle arrives.
    await expectDecision(page, "ExplicitDeny");
    assert.equal(await page.textContent("[data-testid=verdict]"), "Denied");
    await editorReady(page);
    await session.snap("seed-004-theresa-denied");

    assert.deepEqual(await requestValues(page), { principal: "Theresa", action: "sts:AssumeRole", resource: "UpdateApp" });
    assert.match(await page.textContent("[data-testid=reason]"), /with an explicit deny in an identity-based policy/);
    assert.match(await page.textContent("[data-testid=deciding-statement]"), /Testers\/deny-assume-S3-role-in-production/);
    // The deciding statement's policy is the tab in front, and the editor shows it.
    assert.match(await activeTab(page), /Testers\/deny-assume-S3-role-in-production/);
    assert.match(await editorText(page), /"Effect": "Deny"/);
    // One tab per policy of the request: two identity policies and the role's trust policy.
    const tabs = await page.$$eval("[data-panel=editor] [role=tab]", (t) => t.map((e) => e.textContent));
    assert.equal(tabs.length, 3, tabs.join(" | "));
    assert.ok(tabs.some((t) => t.startsWith("Trust")), tabs.join(" | "));
    // The explanation tree opens the layers that decided.
    assert.ok(await page.isVisible("[data-testid=explanation] .tree__statement.is-deciding"));

    // David's case is one click away.
    await page.click("[data-testid=scenarios] button:has-text('David (Developers) is allowed sts:AssumeRole on UpdateApp')");
    await expectDecision(page, "Allow");
    assert.equal(await page.textContent("[data-testid=verdict]"), "Allowed");
    assert.equal((await requestValues(page)).principal, "David");
    await session.snap("seed-004-david-allowed");

    // A chain: David assumes UpdateApp, then writes to the production bucket.
    await page.click("[data-testid=scenarios] button:has-text('David updates the application')");
    await expectDecision(page, "Allow");
    assert.match(await page.textContent(".hops"), /assumed as arn:aws:sts::999999999999:assumed-role\/UpdateApp\/David-ProdUpdate/);

    // Every example opens from the menu with a decision.
    await page.click("[data-testid=examples-button]");
    const examples = await page.$$eval("[role=menuitem]", (items) => items.map((i) => i.dataset.example));
    assert.equal(examples.length, 10);
    assert.equal(examples[0], "delegate-across-accounts");
    await page.keyboard.press("Escape");
    for (const id of examples) {
      await page.click("[data-testid=examples-button]");
      await page.click(`[role=menuitem][data-example=${id}]`);
      await page.waitForFunction((id) => document.querySelector("[data-testid=decision]") !== null, id);
      const shown = await page.getAttribute("[data-testid=decision]", "data-decision");
      assert.ok(["Allow", "ExplicitDeny", "ImplicitDeny"].includes(shown), `${id}: ${shown}`);
    }
    await session.snap("last-example");
    await session.assertClean();
  } finally {
    await session.close();
  }
});

test("the layout fits a 1920x1080 screen, in light and dark", async () => {
  const session = await openSession("part1-layout", { viewport: { width: 1920, height: 1080 } });
  const { page } = session;
  try {
    await session.open();
    await editorReady(page);
    // No horizontal scrolling of the page; each panel fits the window height.
    const overflow = await page.evaluate(() => ({
      x: document.documentElement.scrollWidth - window.innerWidth,
      y: document.documentElement.scrollHeight - window.innerHeight,
    }));
    assert.ok(overflow.x <= 0 && overflow.y <= 0, JSON.stringify(overflow));
    await session.snap("1920-light");
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const light = await background();
    await page.click("[data-testid=theme]");
    assert.equal(await page.getAttribute("html", "data-theme"), "dark");
    assert.notEqual(await background(), light);
    await page.waitForTimeout(250); // let the diagram's colour transitions finish
    await session.snap("1920-dark");
    await session.assertClean();
  } finally {
    await session.close();
  }
});
