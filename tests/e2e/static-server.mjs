// A tiny static file server (node's http module, no dependency) that serves
// a directory under a sub-path, to prove the built app works from any
// sub-path of any static host. Loopback only.
//
//   import { serveDirectory } from "./static-server.mjs";
//   const server = await serveDirectory({ root: "dist", base: "/sub/path/" });
//   server.url   // http://127.0.0.1:PORT/sub/path/
//   await server.close();
//
// Also runnable: node tests/e2e/static-server.mjs [root] [base] [port]
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { createServer } from "node:http";
import { extname, join, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

const MIME = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
  ".map": "application/json",
};

export async function serveDirectory({ root, base = "/", port = 0, host = "127.0.0.1" }) {
  const rootDir = resolve(root);
  if (!base.startsWith("/") || !base.endsWith("/")) throw new Error(`base must start and end with '/': ${base}`);
  const rootStat = await stat(rootDir).catch(() => null);
  if (!rootStat?.isDirectory()) throw new Error(`nothing to serve: ${rootDir} is not a directory`);

  const server = createServer(async (req, res) => {
    const send = (status, body) => {
      res.writeHead(status, { "content-type": "text/plain; charset=utf-8" });
      res.end(body);
    };
    if (req.method !== "GET" && req.method !== "HEAD") return send(405, "method not allowed");
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    if (path === base.slice(0, -1)) {
      res.writeHead(301, { location: base });
      return res.end();
    }
    if (!path.startsWith(base)) return send(404, "not under the base path");
    let file = resolve(rootDir, `.${sep}${path.slice(base.length)}`);
    if (file !== rootDir && !file.startsWith(rootDir + sep)) return send(403, "forbidden");
    let info = await stat(file).catch(() => null);
    if (info?.isDirectory()) {
      file = join(file, "index.html");
      info = await stat(file).catch(() => null);
    }
    if (!info?.isFile()) return send(404, "not found");
    res.writeHead(200, {
      "content-type": MIME[extname(file)] ?? "application/octet-stream",
      "content-length": info.size,
      "cache-control": "no-cache",
    });
    if (req.method === "HEAD") return res.end();
    createReadStream(file).pipe(res);
  });

  await new Promise((ok, fail) => {
    server.once("error", fail);
    server.listen(port, host, ok);
  });
  const { port: actualPort } = server.address();
  return {
    origin: `http://${host}:${actualPort}`,
    url: `http://${host}:${actualPort}${base}`,
    close: () => new Promise((ok) => server.close(ok)),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [root = "dist", base = "/sub/path/", port = "8081"] = process.argv.slice(2);
  const server = await serveDirectory({ root, base, port: Number(port) });
  console.log(`serving ${resolve(root)} at ${server.url}`);
}
