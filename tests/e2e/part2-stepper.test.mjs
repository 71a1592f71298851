// User stories: "I open the Development/Production example and step David through UpdateApp:
// each hop shows the trust check and his permissions, the session, and the command I would
// type" and "I step Theresa and see exactly which statement denies her".
import assert from "node:assert/strict";
import { test } from "node:test";

import { openSession } from "./harness.mjs";
import { classesOf, diagramReady, dock, editorShows, planChain, step } from "./part2-helpers.mjs";

const TRUST_EDGE = "trust:111111111111->999999999999/role/UpdateApp";

test("open the Development/Production example, step David through UpdateApp and see Allow", async () => {
  const session = await openSession("part2-stepper-david");
  const { page } = session;
  try {
    await session.open();
    await diagramReady(page);
    // Two accounts, the users, groups, role and buckets of the tutorial, the trust arrow.
    assert.equal(await page.locator("[data-drag=account]").count(), 2);
    assert.equal(await page.locator("[data-drag=node]").count(), 7);
    assert.equal(await page.locator(`[data-edge="${TRUST_EDGE}"].dg-edge`).count(), 1);
    await session.snap("seed-004-diagram");

    await planChain(page, {
      start: "user:111111111111/David",
      roles: ["arn:aws:iam::999999999999:role/UpdateApp"],
      action: "s3:PutObject",
      resource: "productionapp/app/index.html",
    });
    // Before the first step only David is lit.
    assert.ok((await classesOf(page, "[data-id='111111111111/user/David']")).includes("is-active"));
    await step(page);
    const hop = page.locator("[data-testid=step-card]").first();
    assert.equal(await hop.getAttribute("data-state"), "ok");
    // Both checks of the hop: the trust policy and David's permissions.
    const layers = await hop.locator(".st-layer__title").allTextContents();
    assert.ok(layers.includes("Trust policy of the role"), layers.join(" | "));
    assert.ok(layers.includes("Caller's identity policies"), layers.join(" | "));
    assert.match(await hop.locator("[data-testid=stepper-session]").textContent(), /arn:aws:sts::999999999999:assumed-role\/UpdateApp\/David/);
    // The hop is animated on the diagram: the arrow is on the path, UpdateApp acts now.
    const edge = await classesOf(page, `[data-edge="${TRUST_EDGE}"].dg-edge`);
    assert.ok(edge.includes("is-path") && edge.includes("is-stepping"), edge.join(" "));
    assert.ok((await classesOf(page, "[data-id='999999999999/role/UpdateApp']")).includes("is-active"));
    await session.snap("david-assumed-update-app");

    // What a person would type, the environment, and a response with fake credentials.
    await hop.locator("[data-testid=cli] summary").click();
    assert.match(await hop.locator("[data-testid=cli-text]").textContent(),
      /^aws sts assume-role \\\n {2}--role-arn arn:aws:iam::999999999999:role\/UpdateApp \\\n {2}--role-session-name David$/);
    await hop.locator(".st-cli__tab:has-text('Environment')").click();
    const exports = await hop.locator("[data-testid=cli-text]").textContent();
    assert.match(exports, /^export AWS_ACCESS_KEY_ID=ASIA\w*EXAMPLE$/m);
    for (const line of exports.split("\n").filter((l) => l.startsWith("export"))) assert.match(line, /EXAMPLE/);
    await hop.locator(".st-cli__tab:has-text('Response')").click();
    const response = JSON.parse(await hop.locator("[data-testid=cli-text]").textContent());
    assert.equal(response.AssumedRoleUser.Arn, "arn:aws:sts::999999999999:assumed-role/UpdateApp/David");
    assert.match(response.Credentials.SecretAccessKey, /EXAMPLE/);
    await session.snap("david-command");

    // The final step: s3:PutObject as the UpdateApp session.
    await step(page);
    const access = page.locator("[data-testid=access-card]");
    assert.equal(await access.getAttribute("data-decision"), "Allow");
    assert.match(await access.textContent(), /read-write-app-bucket/);
    assert.ok((await classesOf(page, "[data-id='999999999999/resource/arn:aws:s3:::productionapp']")).includes("is-path"));
    await session.snap("david-puts-the-app");

    // The same chain, decided in the decision panel with the full explanation.
    await page.click("[data-testid=stepper-use-as-request]");
    await page.waitForFunction(() => document.querySelector("[data-testid=decision]")?.dataset.decision === "Allow");
    assert.equal(await page.inputValue("#request-action"), "s3:PutObject");
    await session.assertClean();
  } finally {
    await session.close();
  }
});

test("step Theresa and see the explicit deny with its statement highlighted", async () => {
  const session = await openSession("part2-stepper-theresa");
  const { page } = session;
  try {
    await session.open();
    await diagramReady(page);
    // The first question of the example loads her chain into the stepper.
    await dock(page, "Questions");
    await page.click("[data-question=testers] [data-testid=question-step]");
    assert.equal(await page.locator("[data-testid=dock-step-through]").getAttribute("aria-selected"), "true");
    await step(page);
    const hop = page.locator("[data-testid=step-card]").first();
    assert.equal(await hop.getAttribute("data-state"), "denied");
    assert.equal(await hop.locator(".st-result .st-pill").textContent(), "Explicitly denied");
    assert.match(await hop.locator("[data-testid=step-deciding-statement]").textContent(), /Testers\/deny-assume-S3-role-in-production/);
    // The chain stops: no further step.
    assert.ok(await page.isDisabled("[data-testid=stepper-step]"));
    // The diagram: the refused arrow in red, the group whose policy denies in red.
    assert.ok((await classesOf(page, `[data-edge="${TRUST_EDGE}"].dg-edge`)).includes("is-denied"));
    assert.ok((await classesOf(page, "[data-id='111111111111/group/Testers']")).includes("is-denied"));
    // The editor opened the Testers policy with the deciding statement highlighted.
    await page.waitForSelector("[data-panel=editor] .cm-iam-highlight");
    const highlighted = await page.$$eval("[data-panel=editor] .cm-iam-highlight", (m) => m.map((e) => e.textContent).join(""));
    assert.match(highlighted, /"Effect": "Deny"/);
    await editorShows(page, /"Action": "sts:AssumeRole"/);
    await session.snap("theresa-denied-statement-highlighted");
    await session.assertClean();
  } finally {
    await session.close();
  }
});

test("a SAML user steps through the provider to S3RoleFull", async () => {
  const session = await openSession("part2-stepper-saml");
  const { page } = session;
  try {
    await session.open("?example=azure-ad-saml");
    await diagramReady(page);
    await planChain(page, { start: "external:alice@firstcloudjourney.onmicrosoft.com", roles: ["arn:aws:iam::111122223333:role/S3RoleFull"] });
    await step(page);
    const hop = page.locator("[data-testid=step-card]").first();
    assert.equal(await hop.getAttribute("data-state"), "ok");
    assert.match(await hop.locator(".st-card__api").textContent(), /AssumeRoleWithSAML/);
    await hop.locator("[data-testid=cli] summary").click();
    assert.match(await hop.locator("[data-testid=cli-text]").textContent(), /^aws sts assume-role-with-saml/);
    // alice's path runs through the SAML provider.
    assert.equal(await page.locator(".dg-edge.is-path[data-kind=federation]").count(), 1);
    await session.snap("saml-alice");
    await session.assertClean();
  } finally {
    await session.close();
  }
});

test("an EC2 instance steps through its service role, then reads the bucket", async () => {
  const session = await openSession("part2-stepper-service");
  const { page } = session;
  try {
    await session.open("?example=service-roles");
    await diagramReady(page);
    await planChain(page, { start: "instance:i-0a1b2c3d4e5f60718", action: "s3:GetObject", resource: "webapp-assets/index.html" });
    await step(page);
    const hop = page.locator("[data-testid=step-card]").first();
    assert.equal(await hop.getAttribute("data-state"), "ok");
    assert.match(await hop.textContent(), /the service obtains it first/);
    await step(page);
    assert.equal(await page.locator("[data-testid=access-card]").getAttribute("data-decision"), "Allow");
    await session.snap("service-role-instance");
    await session.assertClean();
  } finally {
    await session.close();
  }
});

test("an Identity Center user signs in to a permission set's role", async () => {
  const session = await openSession("part2-stepper-idc");
  const { page } = session;
  try {
    await session.open("?example=identity-center");
    await diagramReady(page);
    await planChain(page, { start: "idc:alice@example.com" });
    const role = await page.$eval("[data-testid=stepper-add-role] option:nth-child(2)", (o) => o.value);
    await page.selectOption("[data-testid=stepper-add-role]", role);
    await step(page);
    assert.equal(await page.locator("[data-testid=step-card]").first().getAttribute("data-state"), "ok");
    assert.equal(await page.locator(".dg-edge.is-path[data-kind=assignment]").count(), 1);
    await session.snap("identity-center-alice");
    await session.assertClean();
  } finally {
    await session.close();
  }
});
