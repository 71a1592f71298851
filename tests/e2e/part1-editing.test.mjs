// User story: "I break a policy with a typo, see where, fix it, and watch the decision change."
import assert from "node:assert/strict";
import { test } from "node:test";

import { openSession } from "./harness.mjs";
import { showOutline, editorReady, editorText, expectDecision, selectToken } from "./part1-helpers.mjs";

test("a typo shows a diagnostic at its line, keeps the last decision stale, and a fix decides again", async () => {
  const session = await openSession("part1-editing", { viewport: { width: 1366, height: 768 } });
  const { page } = session;
  try {
    await session.open();
    await editorReady(page);
    await expectDecision(page, "ExplicitDeny");

    // "Deny" -> "Dny": not an effect.
    await selectToken(page, '"Deny"');
    await page.keyboard.type("Dny");
    await expectDecision(page, "ExplicitDeny", { stale: true });
    assert.match(await editorText(page), /"Effect": "Dny"/, "the text is kept");
    const mark = page.locator("[data-panel=editor] .cm-lintRange-error");
    await mark.first().waitFor();
    assert.equal(await mark.first().textContent(), '"Dny"');
    // The squiggle is on line 4 of the policy, and the problems list says so.
    const line = await page.$$eval("[data-panel=editor] .cm-line", (lines) =>
      lines.findIndex((l) => l.querySelector(".cm-lintRange-error")) + 1,
    );
    assert.equal(line, 4);
    assert.equal(await page.getAttribute("[data-testid=problems] .problem", "data-line"), "4");
    assert.match(await page.textContent("[data-testid=stale-banner]"), /line 4/);
    // Hovering the squiggle shows the message.
    await mark.first().hover();
    await page.waitForSelector("[data-panel=editor] .cm-tooltip-lint");
    assert.match(await page.textContent("[data-panel=editor] .cm-tooltip-lint"), /Effect/);
    await session.snap("typo-stale");

    // "Dny" -> "Allow": Theresa may assume the role now. (After a pause longer than the undo
    // history's typing window, so the fix is its own undo step.)
    await page.waitForTimeout(1100);
    await selectToken(page, '"Dny"');
    await page.keyboard.type("Allow");
    await expectDecision(page, "Allow");
    assert.equal(await page.locator("[data-panel=editor] .cm-lintRange-error").count(), 0);
    const updateMs = Number(await page.getAttribute("body", "data-update-ms"));
    assert.ok(updateMs >= 0 && updateMs < 200, `keystroke to decision: ${updateMs} ms`);
    await session.snap("fixed-allow");

    // Undo outside the editor steps back through the edits; a burst of typing is one step.
    await page.click("[data-panel=decision] .panel__title");
    await page.keyboard.press("Control+z");
    await expectDecision(page, "Allow", { stale: true });
    assert.match(await editorText(page), /"Effect": "Dny"/);
    await page.keyboard.press("Control+z");
    await expectDecision(page, "ExplicitDeny");
    assert.match(await editorText(page), /"Effect": "Deny"/);
    await page.keyboard.press("Control+Shift+z");
    await expectDecision(page, "ExplicitDeny", { stale: true });
    await page.click("[data-testid=undo]");
    await expectDecision(page, "ExplicitDeny");

    // With the catalogue loaded: an unknown action is flagged with a suggestion...
    await page.waitForSelector("body[data-catalog=ready]", { timeout: 15_000 });
    assert.match(await page.textContent("[data-testid=catalog-status]"), /catalogue/);
    await selectToken(page, '"sts:AssumeRole"');
    // the double click selected "AssumeRole" only
    await page.keyboard.type("AssumeRoles");
    await page.waitForSelector("[data-testid=problems] .problem");
    assert.match(await page.textContent("[data-testid=problems]"), /lint\/unknown-action/);
    await session.snap("unknown-action");

    // ...and actions complete as you type.
    await selectToken(page, '"sts:AssumeRoles"');
    await page.keyboard.type("GetCallerIdent");
    await page.waitForSelector("[data-panel=editor] .cm-tooltip-autocomplete");
    assert.match(await page.textContent("[data-panel=editor] .cm-tooltip-autocomplete"), /sts:GetCallerIdentity/);
    await session.snap("completion");
    await page.keyboard.press("Escape");

    // Format re-indents the policy without changing it.
    await page.click("[data-panel=editor] button:has-text('Format')");
    await session.assertClean();
  } finally {
    await session.close();
  }
});

test("clicking a deciding statement opens its policy with the statement highlighted", async () => {
  const session = await openSession("part1-explain", { viewport: { width: 1366, height: 768 } });
  const { page } = session;
  try {
    await session.open();
    await editorReady(page);
    // Put another policy in front first.
    await page.click("[data-panel=editor] [role=tab]:has-text('UpdateApp trust policy')");
    assert.match(await editorText(page), /"Principal"/);
    await page.click("[data-testid=deciding-statement]");
    await page.waitForSelector("[data-panel=editor] .cm-iam-highlight");
    assert.match(
      await page.getAttribute("[data-panel=editor] [role=tab][aria-selected=true]", "title"),
      /Testers\/deny-assume-S3-role-in-production/,
    );
    const highlighted = await page.$$eval("[data-panel=editor] .cm-iam-highlight", (m) => m.map((e) => e.textContent).join(""));
    assert.match(highlighted, /"Effect": "Deny"/);
    assert.match(highlighted, /"Resource": "arn:aws:iam::999999999999:role\/UpdateApp"/);
    await session.snap("deciding-statement-highlighted");

    // The explanation tree: open the resource layer and show the trust statement.
    await page.click("[data-testid=explanation] summary:has-text('Resource')");
    await page.click("[data-testid=explanation] summary:has-text('UpdateApp trust policy')");
    await page.click("[data-testid=explanation] .tree__policy:has-text('UpdateApp trust policy') [data-testid=show-statement]");
    await page.waitForFunction(() =>
      document.querySelector("[data-panel=editor] [role=tab][aria-selected=true]")?.title.includes("trust policy"),
    );
    const trust = await page.$$eval("[data-panel=editor] .cm-iam-highlight", (m) => m.map((e) => e.textContent).join(""));
    assert.match(trust, /"Principal"/);
    await session.snap("trust-statement-highlighted");

    // A policy opened from the world outline gets its own, closable tab.
    await showOutline(page);
  await page.click("[data-testid=world-outline] .policy-chip:has-text('read-write-app-bucket')");
    assert.match(await page.getAttribute("[data-panel=editor] [role=tab][aria-selected=true]", "title"), /read-write-app-bucket/);
    assert.match(await editorText(page), /s3:ListAllMyBuckets/);
    await page.click("[data-panel=editor] .tab__close");
    assert.equal(await page.locator("[data-panel=editor] [role=tab]").count(), 3);
    await session.assertClean();
  } finally {
    await session.close();
  }
});
