// Trunk post_build hook: allows Trunk's inline scripts (the wasm loader, and
// the live-reload client under `trunk serve`) in the page's
// Content-Security-Policy by their sha256, so the policy needs no
// 'unsafe-inline'. Replaces the TRUNK_INLINE_SCRIPT_HASHES placeholder of the
// CSP <meta> in the staged index.html; fails if there is none.
import { createHash } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";

const PLACEHOLDER = "TRUNK_INLINE_SCRIPT_HASHES";
const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) {
  console.error("csp-hashes: TRUNK_STAGING_DIR is not set (run me as a Trunk hook)");
  process.exit(1);
}
const file = join(staging, "index.html");
let html = await readFile(file, "utf8");

if (!html.includes(PLACEHOLDER)) {
  console.error(`csp-hashes: ${file} has no ${PLACEHOLDER} in its Content-Security-Policy`);
  process.exit(1);
}

// Under `trunk serve`, Trunk rewrites two placeholders of its live-reload
// script in every HTML response (with the request's Host header), which
// would change the script after we hashed it. Fill them in now, with what
// Trunk itself uses when there is no Host header, so the script is final.
if (html.includes("{{__TRUNK_ADDRESS__}}")) {
  const publicUrl = process.env.TRUNK_PUBLIC_URL ?? "./";
  const wsBase = publicUrl.startsWith("/") ? publicUrl : "/"; // Trunk serves "./" at "/"
  html = html
    .replace("'{{__TRUNK_ADDRESS__}}'", "window.location.host")
    .replaceAll("{{__TRUNK_WS_BASE__}}", wsBase.endsWith("/") ? wsBase : `${wsBase}/`);
}

const hashes = new Set();
for (const [, attrs, body] of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
  if (/\bsrc\s*=/i.test(attrs)) continue;
  hashes.add(`'sha256-${createHash("sha256").update(body, "utf8").digest("base64")}'`);
}

await writeFile(file, html.replaceAll(PLACEHOLDER, [...hashes].join(" ")));
console.log(`csp-hashes: ${hashes.size} inline script(s) allowed by hash`);
