// Builds the explorer when dist/ is missing or older than any of its inputs (its sources, the
// seed dataset, and the built SDK and validator it bundles). Shared by `npm start` and the e2e tests.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

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

export function isStale() {
  const built = join(appDir, "dist", "index.html");
  if (!existsSync(built)) return true;
  const inputs = [
    join(appDir, "src"),
    join(appDir, "index.html"),
    join(appDir, "vite.config.ts"),
    join(appDir, "package.json"),
    join(repoRoot, "examples", "seed", "seed.json"),
    join(repoRoot, "packages", "sdk", "dist"),
    join(repoRoot, "packages", "validator", "dist"),
  ];
  return Math.max(...inputs.map(newest)) > statSync(built).mtimeMs;
}

/** @returns true when it built, false when dist was fresh; throws when the build fails. */
export function buildIfStale({ quiet = false } = {}) {
  if (!isStale()) return false;
  if (!quiet) console.log("Building the explorer…");
  const result = spawnSync("npm", ["run", "build"], {
    cwd: appDir,
    stdio: quiet ? "pipe" : "inherit",
    encoding: "utf8",
  });
  if (result.status !== 0) {
    throw new Error(
      `The explorer did not build (npm run build exited ${result.status}).${quiet ? `\n${result.stdout}\n${result.stderr}` : ""}`,
    );
  }
  return true;
}
