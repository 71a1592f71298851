// Trunk post_build hook: the last touches on the staged page. Trunk runs the hooks of one
// stage concurrently, so the steps that rewrite index.html run here, one after the other:
//
//  1. in release builds, minify the stylesheets and wasm-bindgen's JS glue with esbuild
//     (Trunk's own minifier fails on the glue, see Trunk.toml) and drop the page's HTML
//     comments; refresh the `integrity` hash of every file rewritten. About 4.5 KB gzipped off
//     the first load;
//  2. allow Trunk's inline loader script in the Content-Security-Policy by hash
//     (csp-hashes.mjs), which must see the final page.
import { createHash } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { transform } from "esbuild";

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) {
  console.error("finish-dist: TRUNK_STAGING_DIR is not set (run me as a Trunk hook)");
  process.exit(1);
}
const release = process.env.TRUNK_PROFILE === "release";

/** Minifies one staged file in place; returns its new SRI hash. */
async function minify(name, loader) {
  const file = join(staging, name);
  const { code } = await transform(await readFile(file, "utf8"), { loader, minify: true, legalComments: "none" });
  await writeFile(file, code);
  return `sha384-${createHash("sha384").update(code, "utf8").digest("base64")}`;
}

if (release) {
  const page = join(staging, "index.html");
  let html = await readFile(page, "utf8");
  let count = 0;
  // Stylesheets, with the integrity Trunk computed for the unminified text.
  html = await replaceAsync(
    html,
    /(<link rel="stylesheet" href="\.\/([^"]+\.css)" integrity=")([^"]+)(")/g,
    async (_, before, name, _old, after) => {
      count += 1;
      return `${before}${await minify(name, "css")}${after}`;
    },
  );
  // The glue module the loader imports (loaded without SRI: the rust asset has
  // data-integrity="none").
  for (const [, name] of html.matchAll(/import init, \* as bindings from '\.\/([^']+\.js)'/g)) {
    await minify(name, "js");
    count += 1;
  }
  html = html.replace(/<!--[\s\S]*?-->\s*/g, "");
  await writeFile(page, html);
  console.log(`finish-dist: minified ${count} file(s)`);
}

await import("./csp-hashes.mjs");

async function replaceAsync(text, pattern, replacer) {
  const parts = [];
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    parts.push(text.slice(last, match.index), await replacer(...match));
    last = match.index + match[0].length;
  }
  parts.push(text.slice(last));
  return parts.join("");
}
