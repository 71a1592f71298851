// User story: "I draw a trust arrow and the role's trust policy gains the principal; I delete
// arrows and the JSON loses them, and the hop that needed them fails." The drawing and the
// JSON are two views of one document.
import assert from "node:assert/strict";
import { test } from "node:test";

import { openSession } from "./harness.mjs";
import { classesOf, clickEdge, diagramReady, drawArrow, editorShows, editorText, planChain, select, step } from "./part2-helpers.mjs";

const ROLE = "999999999999/role/UpdateApp";
const DAVID = "111111111111/user/David";

/** Opens UpdateApp's trust policy in the editor from the diagram. */
async function showTrustPolicy(page) {
  await select(page, ROLE);
  await page.click("[data-testid=inspector] [data-testid=node-policy]:has-text('trust policy')");
  await editorShows(page, /"Statement"/);
}

test("draw a trust arrow and see the trust JSON change, delete it and see the hop fail", async () => {
  const session = await openSession("part2-drawing");
  const { page } = session;
  try {
    await session.open();
    await diagramReady(page);
    await showTrustPolicy(page);
    assert.doesNotMatch(await editorText(page), /user\/David/);

    // David's chain works: UpdateApp trusts his whole account.
    await planChain(page, { start: "user:111111111111/David", roles: ["arn:aws:iam::999999999999:role/UpdateApp"] });
    await step(page);
    assert.equal(await page.locator("[data-testid=step-card]").first().getAttribute("data-state"), "ok");

    // Draw an arrow from David to UpdateApp: the trust policy names him now.
    await drawArrow(page, DAVID, ROLE);
    await page.waitForSelector(`[data-edge="trust:${DAVID}->${ROLE}"]`, { state: "attached" });
    await editorShows(page, /"arn:aws:iam::111111111111:user\/David"/);
    assert.match(await editorText(page), /"AWS": \["arn:aws:iam::111111111111:root", "arn:aws:iam::111111111111:user\/David"\]/);
    assert.match(await page.textContent("[data-testid=canvas-status]"), /UpdateApp now trusts arn:aws:iam::111111111111:user\/David/);
    await session.snap("arrow-drawn-trust-json-changed");

    // Delete the account's arrow: the JSON loses the account, David still passes by name.
    await clickEdge(page, `trust:111111111111->${ROLE}`);
    await page.click("[data-testid=remove-edge]");
    await page.waitForSelector(`[data-edge="trust:111111111111->${ROLE}"]`, { state: "detached" });
    await editorShows(page, /"AWS": \["arn:aws:iam::111111111111:user\/David"\]/);
    assert.doesNotMatch(await editorText(page), /:root/);
    assert.equal(await page.locator("[data-testid=step-card]").first().getAttribute("data-state"), "ok");

    // Delete David's arrow with the keyboard: the statement goes, and the hop fails.
    await clickEdge(page, `trust:${DAVID}->${ROLE}`);
    await page.keyboard.press("Delete");
    await page.waitForSelector(`[data-edge="trust:${DAVID}->${ROLE}"]`, { state: "detached" });
    await editorShows(page, /"Statement": \[\]/);
    const card = page.locator("[data-testid=step-card]").first();
    await page.waitForFunction(() => document.querySelector("[data-testid=step-card]")?.dataset.state === "denied");
    assert.match(await card.textContent(), /Implicitly denied/);
    assert.ok((await classesOf(page, `[data-id="${ROLE}"]`)).includes("is-path"));
    await session.snap("arrows-deleted-hop-fails");

    // Undo brings the arrow back (one undo step per drawing edit).
    await page.click("[data-testid=undo]");
    await page.waitForSelector(`[data-edge="trust:${DAVID}->${ROLE}"]`, { state: "attached" });
    await session.assertClean();
  } finally {
    await session.close();
  }
});

test("editing the trust JSON in the editor redraws the arrows", async () => {
  const session = await openSession("part2-json-redraws");
  const { page } = session;
  try {
    await session.open();
    await diagramReady(page);
    await showTrustPolicy(page);
    // Replace the account with the Production account's root, by typing.
    await page.locator("[data-panel=editor] .cm-line span", { hasText: /^"arn:aws:iam::111111111111:root"$/ }).last().dblclick();
    await page.keyboard.press("ControlOrMeta+A");
    await page.keyboard.type('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"sts:ExternalId": "x-1"}}}]}');
    await page.waitForSelector(`[data-edge="trust:service/ec2.amazonaws.com->${ROLE}"]`, { state: "attached" });
    assert.equal(await page.locator(`[data-edge="trust:111111111111->${ROLE}"]`).count(), 0);
    // The condition shows as a badge on the new arrow.
    assert.match(await page.locator(`[data-edge="trust:service/ec2.amazonaws.com->${ROLE}"][data-edge-badges]`).textContent(), /External ID/);
    assert.equal(await page.locator("[data-drag=node][data-id='service/ec2.amazonaws.com']").count(), 1);
    await session.snap("json-edit-redrawn");

    // A broken trust policy only loses its own arrows, and marks its role.
    await page.keyboard.press("ControlOrMeta+End");
    await page.keyboard.type(",");
    await page.waitForSelector(`[data-id="${ROLE}"].has-problem`);
    assert.equal(await page.locator("[data-drag=node]").count(), 7, "the other nodes stay");
    await session.assertClean();
  } finally {
    await session.close();
  }
});

test("add, rename, move and delete nodes from the palette", async () => {
  const session = await openSession("part2-palette");
  const { page } = session;
  try {
    await session.open();
    await diagramReady(page);
    // Add a role to Production: select the account first, then the palette.
    await page.click("[data-drag=account][data-id='999999999999'] .dg-account__band");
    await page.click("[data-testid=palette] [data-entity=role]");
    await page.waitForSelector("[data-drag=node][data-id='999999999999/role/Role1']");
    // The new node is selected: rename it in the inspector.
    await page.fill("[data-testid=rename]", "Auditor");
    await page.press("[data-testid=rename]", "Enter");
    await page.waitForSelector("[data-drag=node][data-id='999999999999/role/Auditor']");
    // Trust EC2 from the role's menu.
    await page.selectOption("[data-testid=trust-service]", "ec2.amazonaws.com");
    await page.waitForSelector("[data-edge='trust:service/ec2.amazonaws.com->999999999999/role/Auditor']", { state: "attached" });
    await session.snap("palette-role-added");

    // Drag it: the position is stored in the document (and so in the share link).
    const box = await page.locator("[data-drag=node][data-id='999999999999/role/Auditor'] .dg-node__box").boundingBox();
    await page.mouse.move(box.x + 40, box.y + 20);
    await page.mouse.down();
    await page.mouse.move(box.x + 40, box.y + 140, { steps: 6 });
    await page.mouse.up();
    const moved = await page.locator("[data-drag=node][data-id='999999999999/role/Auditor'] .dg-node__box").boundingBox();
    assert.ok(Math.abs(moved.y - box.y - 120) < 3, `moved by ${moved.y - box.y}`);

    // Delete it.
    await page.click("[data-testid=delete-node]");
    await page.waitForSelector("[data-drag=node][data-id='999999999999/role/Auditor']", { state: "detached" });
    await session.assertClean();
  } finally {
    await session.close();
  }
});
