#!/usr/bin/env node
// `npm start`: builds the explorer when dist/ is missing or older than its inputs, then serves it
// on 127.0.0.1 and prints the URL. PORT=8080 npm start picks the port (default 4173).
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { serve } from "./serve.mjs";

const appDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const repoRoot = resolve(appDir, "../..");

function newest(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = stat.mtimeMs;
  for (const entry of readdirSync(path)) latest = Math.max(latest, newest(join(path, entry)));
  return latest;
}

const built = join(appDir, "dist", "index.html");
const inputs = [
  join(appDir, "src"),
  join(appDir, "index.html"),
  join(appDir, "vite.config.ts"),
  join(appDir, "package.json"),
  join(repoRoot, "examples", "seed", "seed.json"),
  join(repoRoot, "packages", "sdk", "dist"),
  join(repoRoot, "packages", "validator", "dist"),
];
const stale = !existsSync(built) || Math.max(...inputs.map(newest)) > statSync(built).mtimeMs;
if (stale) {
  console.log("Building the explorer…");
  const result = spawnSync("npm", ["run", "build"], { cwd: appDir, stdio: "inherit" });
  if (result.status !== 0) {
    console.error("The explorer did not build; see the output above.");
    process.exit(result.status ?? 1);
  }
}
const port = Number(process.env.PORT ?? 4173);
serve({ port }).then(
  ({ url }) => console.log(`Parley Explorer is running at ${url}  (Ctrl+C to stop)`),
  (error) => {
    console.error(
      error.code === "EADDRINUSE"
        ? `Port ${port} is in use: run PORT=<another port> npm start`
        : `Cannot serve the explorer: ${error.message}`,
    );
    process.exit(1);
  },
);
