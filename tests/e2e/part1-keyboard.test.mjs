// User story: "I use the playground with the keyboard only."
import assert from "node:assert/strict";
import { test } from "node:test";

import { openSession } from "./harness.mjs";
import { editorReady, expectDecision } from "./part1-helpers.mjs";

const focused = (page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    return { test: el?.dataset?.testid ?? null, role: el?.getAttribute("role"), text: el?.textContent?.trim().slice(0, 60) };
  });

test("menus, tabs and shortcuts work from the keyboard with a visible focus", async () => {
  const session = await openSession("part1-keyboard", { viewport: { width: 1366, height: 768 } });
  const { page } = session;
  try {
    await session.open();
    await editorReady(page);
    // The first stop of the tab order is the examples menu button.
    await page.keyboard.press("Tab");
    assert.equal((await focused(page)).test, "examples-button");
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
    assert.notEqual(outline, "none", "focus is visible");
    // Enter opens the menu on its first item; arrows move; Escape closes and returns focus.
    await page.keyboard.press("Enter");
    await page.waitForSelector("[role=menu]");
    assert.equal(await page.getAttribute("[data-testid=examples-button]", "aria-expanded"), "true");
    assert.equal((await focused(page)).role, "menuitem");
    await page.keyboard.press("ArrowDown");
    const second = await focused(page);
    assert.equal(second.role, "menuitem");
    await session.snap("menu-open");
    await page.keyboard.press("Escape");
    assert.equal(await page.locator("[role=menu]").count(), 0);
    assert.equal((await focused(page)).test, "examples-button");
    // Open the second example from the keyboard.
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => !document.querySelector("[role=menu]"));
    assert.match(await page.textContent(".canvas-area__world, .canvas-area h3"), /Alex|cross/i);

    // Ctrl+Z outside the editor goes back to the first example; Ctrl+Shift+Z forward again.
    await page.keyboard.press("Control+z");
    await expectDecision(page, "ExplicitDeny");
    await page.keyboard.press("Control+Shift+z");
    await page.keyboard.press("Control+z");
    await expectDecision(page, "ExplicitDeny");

    // Policy tabs: arrow keys move between them (roving tab index).
    await page.focus("[data-panel=editor] [role=tab][aria-selected=true]");
    const before = await page.getAttribute("[data-panel=editor] [role=tab][aria-selected=true]", "title");
    await page.keyboard.press("ArrowRight");
    await page.waitForFunction(
      (before) => document.querySelector("[data-panel=editor] [role=tab][aria-selected=true]")?.title !== before,
      before,
    );
    assert.equal((await focused(page)).role, "tab");
    await session.snap("tab-keyboard");
    await session.assertClean();
  } finally {
    await session.close();
  }
});
