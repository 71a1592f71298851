// User story: "I open the Identity Center example on a slow connection: the playground says it
// is still loading the AWS managed policy the world attaches, then decides once it arrives."
import assert from "node:assert/strict";
import { test } from "node:test";

import { openSession } from "./harness.mjs";
import { expectDecision } from "./part1-helpers.mjs";

test("a world that attaches a large AWS managed policy waits for its text, then decides", async () => {
  const session = await openSession("part1-lazy");
  const { page } = session;
  try {
    // Hold back the large managed-policy texts (fetched after first paint).
    let release;
    const held = new Promise((resolve) => (release = resolve));
    await page.route("**/deferred.tsv", async (route) => {
      await held;
      await route.continue();
    });
    await session.open("?example=identity-center");
    await page.waitForSelector("[data-testid=managed-loading]");
    assert.match(await page.textContent("[data-testid=managed-loading]"), /Loading AWS managed policies/);
    assert.match(await page.textContent("[data-testid=managed-loading]"), /ReadOnlyAccess/);
    assert.equal(await page.$("[data-testid=stale-banner]"), null, "a wait is not shown as an error");
    await session.snap("managed-policy-loading");

    release();
    await page.waitForSelector("[data-testid=decision]");
    assert.equal(await page.$("[data-testid=managed-loading]"), null);
    const shown = await page.getAttribute("[data-testid=decision]", "data-decision");
    assert.ok(["Allow", "ExplicitDeny", "ImplicitDeny"].includes(shown), shown);
    await session.snap("managed-policy-arrived");
    await session.assertClean();
  } finally {
    await session.close();
  }
});

test("lint and completion arrive with the lazily loaded module", async () => {
  const session = await openSession("part1-lazy-lint");
  const { page } = session;
  try {
    await session.open();
    await expectDecision(page, "ExplicitDeny");
    await page.waitForSelector("body[data-catalog=ready]", { timeout: 15_000 });
    // The module was fetched after the first paint, from the page's own api/ folder.
    const urls = session.requests.map((u) => new URL(u).pathname);
    assert.ok(urls.some((p) => p.endsWith("/api/iam_wasm_bg.wasm")), urls.join("\n"));
    assert.match(await page.textContent("[data-testid=catalog-status]"), /catalogue/);
    await session.assertClean();
  } finally {
    await session.close();
  }
});
