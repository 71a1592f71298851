// Shared steps of the part-1 user-story tests (not a test file itself).
import assert from "node:assert/strict";

/** The editor's text as displayed, line by line. */
export const editorText = (page) =>
  page.$$eval("[data-panel=editor] .cm-line", (lines) => lines.map((l) => l.textContent).join("\n"));

/** Waits until the CodeMirror editor is mounted (its bundle loads after first paint). */
export async function editorReady(page) {
  await page.waitForSelector("body[data-editor-ready]", { timeout: 15_000 });
  await page.waitForSelector("[data-panel=editor] .cm-content");
}

/** The decision shown: "Allow" | "ExplicitDeny" | "ImplicitDeny", and whether it is stale. */
export async function decision(page) {
  const element = page.locator("[data-testid=decision]").first();
  return {
    decision: await element.getAttribute("data-decision"),
    stale: (await element.getAttribute("data-stale")) === "true",
  };
}

/** Waits for a decision (and staleness) to be shown. */
export async function expectDecision(page, wanted, { stale = false } = {}) {
  await page.waitForFunction(
    ([wanted, stale]) => {
      const el = document.querySelector("[data-testid=decision]");
      return el && el.dataset.decision === wanted && el.dataset.stale === String(stale);
    },
    [wanted, stale],
    { timeout: 5_000 },
  ).catch(async () => {
    assert.deepEqual(await decision(page), { decision: wanted, stale });
  });
}

/** The title of the active policy tab. */
export const activeTab = (page) =>
  page.locator("[data-panel=editor] [role=tab][aria-selected=true]").getAttribute("title");

/** Double-clicks a JSON string token (e.g. `"Deny"`) in the editor, selecting its word. */
export async function selectToken(page, token) {
  const span = page.locator("[data-panel=editor] .cm-line span", { hasText: new RegExp(`^${token}$`) }).last();
  await span.dblclick();
}

/** The request form's values. */
export async function requestValues(page) {
  return {
    principal: await page.inputValue("#request-principal"),
    action: await page.inputValue("#request-action"),
    resource: await page.inputValue("#request-resource"),
  };
}

/** Shows the world outline (the list view of the world panel) if the diagram is in front. */
export async function showOutline(page) {
  if ((await page.locator("[data-testid=world-outline]").count()) > 0) return;
  await page.click("[data-panel=canvas] button:text-is('Outline')");
  await page.waitForSelector("[data-testid=world-outline]");
}
