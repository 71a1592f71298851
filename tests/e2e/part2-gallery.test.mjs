// User story: "I open an example from the gallery, read its story, and answer its question by
// stepping and editing: the check tells me when the world behaves as asked."
import assert from "node:assert/strict";
import { test } from "node:test";

import { openSession } from "./harness.mjs";
import { diagramReady, dock, select, step } from "./part2-helpers.mjs";

const status = (page, id) => page.locator(`[data-question=${id}]`).getAttribute("data-status");

test("answer a gallery question: what one change lets Alex read EC2?", async () => {
  const session = await openSession("part2-gallery");
  const { page } = session;
  try {
    await session.open();
    await diagramReady(page);
    // The app opens on seed 004 with its questions; every built-in world is in the gallery.
    await dock(page, "Questions");
    assert.equal(await page.locator("[data-testid=question]").count(), 2);
    assert.equal(await page.locator("[data-testid=gallery] li").count(), 10);
    assert.equal(await page.locator("[data-testid=gallery] li.is-current").getAttribute("data-example"), "delegate-across-accounts");
    await session.snap("gallery-seed-004");

    // Open the cross-account example.
    await page.click("[data-example=cross-account-alex] button");
    await page.waitForSelector("[data-question=alex-ec2]");
    await diagramReady(page);
    assert.match(await page.textContent("[data-testid=questions] .qs-story"), /Alex/);
    assert.equal(await status(page, "alex-ec2"), "open");
    assert.match(await page.textContent("[data-question=alex-ec2] [data-testid=question-status]"), /ImplicitDeny/);

    // Step it: Alex switches to CrossAccount-B, then EC2 is denied.
    await page.click("[data-question=alex-ec2] [data-testid=question-step]");
    await step(page);
    await step(page);
    assert.equal(await page.locator("[data-testid=access-card]").getAttribute("data-decision"), "ImplicitDeny");
    await session.snap("alex-ec2-denied");

    // The one change: attach AmazonEC2ReadOnlyAccess to the role, from the diagram.
    await select(page, "463646775279/role/CrossAccount-B");
    await page.click("[data-testid=attach-policy]");
    await page.fill("[data-testid=policy-picker] input", "AmazonEC2ReadOnly");
    await page.click("[data-testid=policy-picker] [data-policy=AmazonEC2ReadOnlyAccess]");
    await page.waitForSelector("[data-testid=inspector] .dg-policy__name:text-is('AmazonEC2ReadOnlyAccess')");
    // The stepper replays with the new world: now allowed.
    await page.waitForFunction(() => document.querySelector("[data-testid=access-card]")?.dataset.decision === "Allow");

    // The question is answered.
    await dock(page, "Questions");
    assert.equal(await status(page, "alex-ec2"), "answered");
    assert.match(await page.textContent("[data-question=alex-ec2] [data-testid=question-status]"), /Answered/);
    await session.snap("alex-ec2-answered");

    // A blunt change is caught: full admin on the role breaks "S3 stays read-only".
    await select(page, "463646775279/role/CrossAccount-B");
    await page.click("[data-testid=attach-policy]");
    await page.fill("[data-testid=policy-picker] input", "AdministratorAccess");
    await page.click("[data-testid=policy-picker] [data-policy=AdministratorAccess]");
    await page.waitForFunction(() => document.querySelector("[data-question=alex-ec2]")?.dataset.status === "broke");
    assert.match(await page.textContent("[data-question=alex-ec2] [data-testid=question-status]"), /S3 stays read-only/);
    await session.snap("alex-ec2-too-much");
    await session.assertClean();
  } finally {
    await session.close();
  }
});
