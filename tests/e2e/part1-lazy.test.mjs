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
    // The gallery's questions wait too, rather than saying the world is broken.
    await page.waitForSelector("[data-testid=question][data-status=waiting]");
    const waiting = await page.$$eval("[data-testid=question-status]", (all) => all.map((e) => e.textContent));
    assert.ok(waiting.length > 0 && waiting.every((t) => /Loading the AWS managed policies/.test(t)), waiting.join("\n"));
    await session.snap("managed-policy-loading");

    release();
    await page.waitForSelector("[data-testid=decision]");
    assert.equal(await page.$("[data-testid=managed-loading]"), null);
    await page.waitForSelector("[data-testid=question]:not([data-status=waiting])");
    const shown = await page.getAttribute("[data-testid=decision]", "data-decision");
    assert.ok(["Allow", "ExplicitDeny", "ImplicitDeny"].includes(shown), shown);
    await session.snap("managed-policy-arrived");
    await session.assertClean();
  } finally {
    await session.close();
  }
});

test("a managed-policy file lost on the way is fetched again, and the world then decides", async () => {
  const session = await openSession("part1-lazy-retry");
  const { page } = session;
  try {
    let attempts = 0;
    await page.route("**/deferred.tsv", (route) => {
      attempts += 1;
      return attempts === 1 ? route.fulfill({ status: 503, body: "busy" }) : route.continue();
    });
    await session.open("?example=identity-center");
    await page.waitForSelector("[data-testid=decision]", { timeout: 15_000 });
    assert.equal(attempts, 2);
    assert.equal(await page.$("[data-testid=managed-loading]"), null);
    await session.snap("managed-policy-second-attempt");
    // The failed first attempt is all the page reported.
    const provoked = session.problems.filter((p) => p.includes("503"));
    assert.ok(provoked.length > 0, session.problems.join("\n"));
    session.problems.splice(0, session.problems.length, ...session.problems.filter((p) => !p.includes("503")));
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
