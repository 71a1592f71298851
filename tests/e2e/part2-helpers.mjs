// Shared steps of the part-2 user-story tests (the diagram, the stepper, reachability and the
// gallery) and of the diagram budget. Not a test file itself.
import assert from "node:assert/strict";
import { deflateRawSync } from "node:zlib";

import { editorText } from "./part1-helpers.mjs";

export { editorText };

/** Waits for the diagram to be drawn and fitted. */
export async function diagramReady(page) {
  await page.waitForSelector("[data-testid=diagram] svg.dg-svg [data-drag=node]", { timeout: 15_000 });
  await page.waitForTimeout(150);
}

/** Opens a tab of the dock under the diagram ("Questions", "Step through", "Who can reach"). */
export async function dock(page, tab) {
  const id = `dock-${tab.toLowerCase().replaceAll(" ", "-")}`;
  const button = page.locator(`[data-testid=${id}]`);
  if ((await button.getAttribute("aria-selected")) !== "true") await button.click();
}

/** The diagram node (its box) with this id. */
export const node = (page, id) => page.locator(`[data-drag=node][data-id="${id}"] .dg-node__box`);

/** The classes of the node or edge with this id. */
export async function classesOf(page, selector) {
  return (await page.locator(selector).first().getAttribute("class")).split(/\s+/);
}

/** Selects a node with a click. */
export async function select(page, id) {
  await node(page, id).click();
  await page.waitForSelector(`[data-testid=inspector][data-node="${id}"]`);
}

/** The screen point at the middle of an edge's curve. */
export async function edgeMidpoint(page, edgeId) {
  return page.evaluate((edgeId) => {
    const path = document.querySelector(`[data-edge="${edgeId}"] .dg-edge__hit`);
    const length = path.getTotalLength();
    const p = path.getPointAtLength(length * 0.35);
    const m = path.getScreenCTM();
    return { x: p.x * m.a + p.y * m.c + m.e, y: p.x * m.b + p.y * m.d + m.f };
  }, edgeId);
}

/** Clicks an edge (away from its badges). */
export async function clickEdge(page, edgeId) {
  const { x, y } = await edgeMidpoint(page, edgeId);
  await page.mouse.click(x, y);
}

/** Drags from a node's arrow handle to another node. */
export async function drawArrow(page, fromId, toId) {
  const handle = page.locator(`[data-drag=handle][data-id="${fromId}"] .dg-handle__dot`);
  const from = await handle.boundingBox();
  const to = await node(page, toId).boundingBox();
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 8 });
  await page.mouse.up();
}

/** Waits until the editor shows text matching `pattern`. */
export async function editorShows(page, pattern) {
  await page.waitForFunction(
    (source) => new RegExp(source).test([...document.querySelectorAll("[data-panel=editor] .code-editor__host")]
      .map((h) => [...(h.shadowRoot ?? h).querySelectorAll(".cm-line")].map((l) => l.textContent).join("\n")).join("\n")),
    pattern.source,
    { timeout: 5_000 },
  ).catch(async () => assert.match(await editorText(page), pattern));
}

/** Chooses the stepper's start principal and roles, and the final check. */
export async function planChain(page, { start, roles = [], action = "", resource = "" }) {
  await dock(page, "Step through");
  const clear = page.locator("[data-testid=stepper] button:has-text('Clear')");
  if (await clear.isEnabled()) await clear.click();
  await page.selectOption("[data-testid=stepper-start]", start);
  for (const role of roles) await page.selectOption("[data-testid=stepper-add-role]", role);
  if (action) {
    await page.fill("[data-testid=stepper-action]", action);
    await page.press("[data-testid=stepper-action]", "Tab");
    await page.fill("[data-testid=stepper-resource]", resource);
    await page.press("[data-testid=stepper-resource]", "Tab");
  }
}

/** Takes one step and returns the state of the newest card. */
export async function step(page) {
  const cards = await page.locator("[data-testid=step-card], [data-testid=access-card]").count();
  await page.click("[data-testid=stepper-step]");
  await page.waitForFunction(
    (n) => document.querySelectorAll("[data-testid=step-card], [data-testid=access-card]").length > n,
    cards,
  );
  await page.waitForTimeout(120);
}

/** The rectangles (page coordinates) of every node of the diagram, with their ids. */
export const nodeRects = (page) =>
  page.$$eval("[data-drag=node]", (nodes) =>
    nodes.map((n) => {
      const r = n.querySelector(".dg-node__box").getBoundingClientRect();
      return { id: n.dataset.id, x: r.x, y: r.y, w: r.width, h: r.height };
    }),
  );

/** Fails if two node boxes overlap on screen. */
export function assertNoOverlap(rects, what) {
  for (let i = 0; i < rects.length; i++) {
    for (let j = i + 1; j < rects.length; j++) {
      const [a, b] = [rects[i], rects[j]];
      const overlap = a.x < b.x + b.w - 0.5 && b.x < a.x + a.w - 0.5 && a.y < b.y + b.h - 0.5 && b.y < a.y + a.h - 0.5;
      assert.ok(!overlap, `${what}: ${a.id} overlaps ${b.id}`);
    }
  }
}

/** A world of `accounts` accounts and about `nodes` users, groups, roles and buckets, with
 * trust arrows between accounts and bucket policies: the "10 accounts, 60 nodes" case. */
export function generatedWorld(accounts = 10, nodes = 60) {
  const id = (i) => String(100_000_000_000 + i * 1_111).padStart(12, "0");
  const docs = Array.from({ length: accounts }, (_, i) => ({ id: id(i), name: `Account ${i + 1}`, users: [], groups: [], roles: [], resources: [] }));
  for (let n = 0; n < nodes; n++) {
    const account = docs[n % accounts];
    switch ((n + Math.floor(n / accounts)) % 5) {
      case 0:
        account.groups.push({ name: `group${n}` });
        break;
      case 1:
        account.users.push({ name: `user${n}`, groups: account.groups.slice(-1).map((g) => g.name) });
        break;
      case 2:
      case 3: {
        const trusted = id((n * 3) % accounts);
        const trust = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${trusted}:root` }, Action: "sts:AssumeRole" }] };
        if (n % 4 === 0) trust.Statement[0].Condition = { Bool: { "aws:MultiFactorAuthPresent": "true" } };
        account.roles.push({ name: `role${n}`, trust_policy: JSON.stringify(trust, null, 2), managed_policies: ["ReadOnlyAccess"] });
        break;
      }
      default: {
        const grantee = id((n * 5) % accounts);
        const policy = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: grantee }, Action: "s3:GetObject", Resource: `arn:aws:s3:::bucket-${n}/*` }] };
        account.resources.push({ type: "s3-bucket", name: `bucket-${n}`, policy: JSON.stringify(policy, null, 2) });
      }
    }
  }
  for (const account of docs) for (const key of ["users", "groups", "roles", "resources"]) if (!account[key].length) delete account[key];
  return { version: 1, title: `Generated: ${accounts} accounts, ${nodes} nodes`, accounts: docs };
}

/** The URL fragment that opens `world` (the app's share-link format: v1. + base64url(deflate)). */
export function fragmentFor(world) {
  return "#v1." + deflateRawSync(Buffer.from(JSON.stringify(world)), { level: 9 }).toString("base64url");
}
