// User stories: "a documentation page embeds a read-only scenario", "a documentation page
// calls the engine's JS API".
import assert from "node:assert/strict";
import { test } from "node:test";

import { openSession } from "./harness.mjs";

test("the embed demo page shows a scenario without the chrome, read-only", async () => {
  const session = await openSession("part1-embed", { viewport: { width: 1280, height: 1300 } });
  const { page } = session;
  try {
    await page.goto(`${session.url}embed-demo.html`, { waitUntil: "load" });
    const frame = page.frameLocator("#readonly-frame");
    await frame.locator("body[data-editor-ready]").waitFor({ timeout: 15_000 });
    assert.equal(await frame.locator(".app-header").count(), 0, "no toolbar");
    assert.equal(await frame.locator("[data-panel=canvas]").count(), 0, "no world panel");
    assert.equal(await frame.locator("[data-testid=decision]").getAttribute("data-decision"), "ExplicitDeny");
    assert.equal(await frame.locator(".cm-content").getAttribute("aria-readonly"), "true", "read-only editor");
    const before = await frame.locator(".cm-content").textContent();
    await frame.locator(".cm-content").click();
    await page.keyboard.type("xyz");
    assert.equal(await frame.locator(".cm-content").textContent(), before, "typing changes nothing");
    assert.ok(await frame.locator("#request-principal").isDisabled());
    const open = frame.locator(".embed-header__open");
    assert.match(await open.getAttribute("href"), /#v1\./);
    // The editable frame takes edits.
    const editable = page.frameLocator("#editable-frame");
    await editable.locator("body[data-editor-ready]").waitFor({ timeout: 15_000 });
    assert.ok(await editable.locator("#request-principal").isEnabled(), "the request can be edited");
    assert.ok((await editable.locator("[data-testid=scenarios] button").count()) > 0, "scenarios are offered");
    await page.waitForTimeout(300);
    await session.snap("embed-demo");
    await session.assertClean();
  } finally {
    await session.close();
  }
});

test("the JS API demo page evaluates and validates with dist/api/iam_wasm.js", async () => {
  const session = await openSession("part1-api", { viewport: { width: 1100, height: 900 } });
  const { page } = session;
  try {
    await session.open("api-demo.html");
    assert.equal(await page.textContent("#decision"), "ExplicitDeny");
    const allowed = await page.evaluate(() =>
      window.iamApi.evaluate({
        request: { principal: "arn:aws:iam::111111111111:user/David", action: "s3:GetObject", resource: "arn:aws:s3:::reports/q1.csv" },
        identity_policies: [{ name: "Read", document: { Version: "2012-10-17", Statement: { Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::reports/*" } } }],
      }),
    );
    assert.equal(allowed.type, "success");
    assert.equal(allowed.decision, "Allow");
    assert.equal(allowed.deciding[0].policy, "Read");
    const failure = await page.evaluate(() => window.iamApi.evaluate("{not json"));
    assert.equal(failure.type, "failure");
    const diagnostics = await page.evaluate(() =>
      window.iamApi.validate('{"Version": "2012-10-17", "Statement": {"Effect": "Alow", "Action": "s3:*", "Resource": "*"}}'),
    );
    assert.equal(diagnostics.length, 1);
    assert.equal(diagnostics[0].severity, "error");
    assert.equal(diagnostics[0].start.line, 1);
    assert.match(await page.evaluate(() => window.iamApi.version()), /^\d+\.\d+\.\d+$/);
    // The types ship beside the module.
    const types = await page.evaluate(async () => (await fetch("api/iam_wasm.d.ts")).text());
    assert.match(types, /export function evaluate\(_?case: Case \| string\): EvaluateResult/);
    await session.snap("api-demo");
    await session.assertClean();
  } finally {
    await session.close();
  }
});
