// User stories: "Any world is legible: the largest example and a generated world of 10
// accounts and 60 nodes, in light and dark"; "I pan and zoom with the mouse, the wheel, the
// keyboard and the buttons"; "My layout survives the share link"; "I ask who can reach a
// role and who can act on a resource, and see the paths on the diagram".
import assert from "node:assert/strict";
import { test } from "node:test";

import { openSession } from "./harness.mjs";
import { assertNoOverlap, classesOf, diagramReady, dock, fragmentFor, generatedWorld, node, nodeRects, select } from "./part2-helpers.mjs";

const transform = (page) => page.getAttribute("g.dg-world", "transform");

test("the largest example and a generated 10-account world are legible, light and dark", async () => {
  const session = await openSession("part2-legible", { viewport: { width: 1600, height: 1000 } });
  const { page } = session;
  try {
    await session.open("?example=organization");
    await diagramReady(page);
    let rects = await nodeRects(page);
    assert.equal(rects.length, 8);
    assertNoOverlap(rects, "organization");
    // Every node sits inside its account's box, and the OUs nest.
    const inside = await page.$$eval("[data-drag=node]", (nodes) =>
      nodes.every((n) => {
        const account = n.dataset.id.split("/")[0];
        const box = document.querySelector(`[data-container="${account}"] .dg-container__box`);
        if (!box) return true;
        const a = box.getBoundingClientRect();
        const r = n.querySelector(".dg-node__box").getBoundingClientRect();
        return r.left >= a.left && r.right <= a.right && r.top >= a.top && r.bottom <= a.bottom;
      }),
    );
    assert.ok(inside, "a node outside its account");
    assert.equal(await page.locator("[data-container^='ou/']").count(), 5);
    await session.snap("organization-light");
    await page.emulateMedia({ colorScheme: "dark" });
    await page.waitForTimeout(400); // colour transitions
    await session.snap("organization-dark");
    await page.emulateMedia({ colorScheme: "light" });

    await page.goto(session.url + fragmentFor(generatedWorld(10, 60)), { waitUntil: "load" });
    await page.waitForSelector("body[data-ready]");
    await diagramReady(page);
    rects = await nodeRects(page);
    assert.equal(await page.locator("[data-drag=account]").count(), 10);
    assert.ok(rects.length >= 60, `${rects.length} nodes`);
    assertNoOverlap(rects, "generated world");
    // Fitted: everything is inside the canvas.
    const stage = await page.locator(".dg-stage").boundingBox();
    for (const r of rects) {
      assert.ok(r.x >= stage.x - 1 && r.x + r.w <= stage.x + stage.width + 1, `${r.id} outside the view`);
    }
    await session.snap("generated-10-accounts-60-nodes");
    await session.assertClean();
  } finally {
    await session.close();
  }
});

test("pan and zoom with the mouse, the wheel, the keys and the buttons; positions survive the share link", async () => {
  const session = await openSession("part2-pan-zoom");
  const { page } = session;
  try {
    await session.open();
    await diagramReady(page);
    const level = () => page.textContent(".dg-zoom__level");
    const fitted = await transform(page);

    // Drag the background (an empty corner of the fitted drawing) to pan.
    const stage = await page.locator(".dg-stage").boundingBox();
    let t = await transform(page);
    await page.mouse.move(stage.x + 10, stage.y + stage.height - 10);
    await page.mouse.down();
    await page.mouse.move(stage.x + 110, stage.y + stage.height - 50, { steps: 5 });
    await page.mouse.up();
    assert.notEqual(await transform(page), t, "dragging the background pans");
    // Wheel zooms around the pointer (the page does not scroll).
    await page.mouse.move(stage.x + stage.width / 2, stage.y + stage.height / 2);
    const before = await level();
    await page.mouse.wheel(0, -400);
    await page.waitForFunction((before) => document.querySelector(".dg-zoom__level").textContent !== before, before);
    // Arrow keys pan, + and - zoom.
    t = await transform(page);
    await page.focus("svg.dg-svg");
    await page.keyboard.press("ArrowLeft");
    assert.notEqual(await transform(page), t);
    const zoomed = await level();
    await page.keyboard.press("-");
    assert.notEqual(await level(), zoomed);
    // The buttons, and fit-to-view back to the start.
    await page.click(".dg-zoom__button[aria-label='Zoom in']");
    await page.click("[data-testid=fit]");
    assert.equal(await transform(page), fitted);
    await session.snap("zoomed-and-fitted");

    // Move Theresa; the share link carries the drawing.
    const box = await node(page, "111111111111/user/Theresa").boundingBox();
    await page.mouse.move(box.x + 30, box.y + 20);
    await page.mouse.down();
    await page.mouse.move(box.x + 30, box.y + 110, { steps: 6 });
    await page.mouse.up();
    const placed = await page.getAttribute("[data-drag=node][data-id='111111111111/user/Theresa']", "transform");
    await page.click("[data-testid=share]");
    await page.waitForFunction(() => location.hash.startsWith("#v1."));
    const link = await page.evaluate(() => location.href);
    await page.goto("about:blank");
    await page.goto(link, { waitUntil: "load" });
    await page.waitForSelector("body[data-ready]");
    await diagramReady(page);
    assert.equal(await page.getAttribute("[data-drag=node][data-id='111111111111/user/Theresa']", "transform"), placed);
    await session.snap("layout-survives-the-link");
    // Tidy goes back to the automatic layout.
    await page.click("[data-testid=tidy]");
    await page.waitForSelector("[data-testid=tidy]", { state: "detached" });
    assert.notEqual(await page.getAttribute("[data-drag=node][data-id='111111111111/user/Theresa']", "transform"), placed);
    await session.assertClean();
  } finally {
    await session.close();
  }
});

test("who can reach UpdateApp, and who can write the production bucket", async () => {
  const session = await openSession("part2-reach");
  const { page } = session;
  try {
    await session.open();
    await diagramReady(page);
    await select(page, "999999999999/role/UpdateApp");
    await page.click("[data-testid=reach-from]");
    await page.waitForSelector("[data-testid=reach-answer]");
    const answers = await page.locator("[data-testid=reach-answer]").allTextContents();
    assert.equal(answers.length, 1);
    assert.match(answers[0], /David.*UpdateApp/);
    await page.click("[data-testid=reach-answer] .rc-answer__path");
    assert.ok((await classesOf(page, "[data-edge='trust:111111111111->999999999999/role/UpdateApp'].dg-edge")).includes("is-path"));
    assert.ok((await classesOf(page, "[data-id='111111111111/user/Theresa']")).includes("is-dimmed"));
    await session.snap("who-reaches-update-app");

    await select(page, "999999999999/resource/arn:aws:s3:::productionapp");
    await dock(page, "Who can reach");
    await page.waitForSelector("[data-testid=reach-action]");
    await page.fill("[data-testid=reach-action]", "s3:PutObject");
    await page.press("[data-testid=reach-action]", "Tab");
    await page.waitForFunction(() => [...document.querySelectorAll("[data-testid=reach-answer]")].some((a) => a.textContent.includes("David")));
    const writers = await page.locator("[data-testid=reach-answer]").allTextContents();
    assert.ok(writers.every((w) => !w.includes("Theresa")), writers.join(" | "));
    // Replay David's path in the stepper.
    await page.locator("[data-testid=reach-answer]", { hasText: "David" }).locator("[data-testid=reach-step]").click();
    assert.equal(await page.locator("[data-testid=dock-step-through]").getAttribute("aria-selected"), "true");
    assert.equal(await page.inputValue("[data-testid=stepper-action]"), "s3:PutObject");
    await session.snap("who-can-write-productionapp");
    await session.assertClean();
  } finally {
    await session.close();
  }
});
