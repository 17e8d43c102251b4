#!/usr/bin/env node
import { existsSync } from "node:fs";
// Serves the built explorer (dist/) on 127.0.0.1. Used by `npm start` and by the end-to-end tests.
// Usage: node scripts/serve.mjs [--port N] [--dir PATH]   (port 0 picks a free port)
import { createServer } from "node:http";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import sirv from "sirv";

const appDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** Starts a static server for `dir`; resolves to its URL and a close function. */
export function serve({ dir = join(appDir, "dist"), port = 0, host = "127.0.0.1" } = {}) {
  if (!existsSync(join(dir, "index.html"))) {
    return Promise.reject(
      new Error(`${dir} has no index.html: run \`npm run build -w apps/explorer\` first`),
    );
  }
  const handler = sirv(dir, { etag: true, dev: false, single: false });
  const server = createServer((req, res) => {
    // The built app runs under a strict CSP; keep it in the headers too, for hosts that honour only those.
    res.setHeader("X-Content-Type-Options", "nosniff");
    handler(req, res, () => {
      res.statusCode = 404;
      res.end("Not found");
    });
  });
  return new Promise((resolvePromise, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      const address = server.address();
      const url = `http://${host}:${address.port}/`;
      resolvePromise({ url, close: () => new Promise((done) => server.close(() => done())) });
    });
  });
}

const isMain = process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const args = process.argv.slice(2);
  const option = (name) => {
    const at = args.indexOf(name);
    return at === -1 ? undefined : args[at + 1];
  };
  const port = Number(option("--port") ?? process.env.PORT ?? 4173);
  const dir = option("--dir");
  serve({ port, ...(dir ? { dir: resolve(dir) } : {}) }).then(
    ({ url }) => console.log(`Parley Explorer is running at ${url}  (Ctrl+C to stop)`),
    (error) => {
      console.error(`Cannot serve the explorer: ${error.message}`);
      process.exit(1);
    },
  );
}
