import { existsSync, mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { type Browser, chromium } from "playwright-core";

export const appDir = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const artifactsDir = join(appDir, "test-artifacts");
export const fixturesDir = join(appDir, "test", "fixtures");

/** Debian's Chromium (installed by .ci/run); PARLEY_CHROMIUM points elsewhere. playwright-core never downloads one. */
export const chromiumPath = process.env.PARLEY_CHROMIUM ?? "/usr/bin/chromium";

const ci = process.env.CI;
export const inCi = ci !== undefined && ci !== "" && ci !== "0" && ci.toLowerCase() !== "false";

/**
 * Whether the end-to-end suite can run. Without a browser it is skipped with a plain message on
 * a developer's machine, and it FAILS in CI (CI set): a CI run must never pass without it.
 */
export function browserAvailability(): { run: true } | { run: false; reason: string } {
  if (existsSync(chromiumPath)) return { run: true };
  const reason = `Chromium not found at ${chromiumPath}: the explorer's end-to-end tests need Debian's chromium (apt-get install chromium) or PARLEY_CHROMIUM=/path/to/chromium.`;
  if (inCi) throw new Error(`${reason} CI is set, so this is a failure, not a skip.`);
  return { run: false, reason };
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** The suite tests the built static site, as a user gets it from `npm start` or any static host. */
export async function ensureBuilt(): Promise<void> {
  const { buildIfStale } = (await import(join(appDir, "scripts", "build-if-stale.mjs"))) as {
    buildIfStale(options: { quiet: boolean }): boolean;
  };
  buildIfStale({ quiet: true });
}

/** Serves `dir` (default: the built dist/) on 127.0.0.1 at a free port. */
export async function serveDist(dir?: string): Promise<{ url: string; close(): Promise<void> }> {
  const { serve } = (await import(join(appDir, "scripts", "serve.mjs"))) as {
    serve(options: {
      port: number;
      dir?: string;
    }): Promise<{ url: string; close(): Promise<void> }>;
  };
  return serve({ port: 0, ...(dir ? { dir } : {}) });
}

export function artifact(name: string): string {
  mkdirSync(artifactsDir, { recursive: true });
  return join(artifactsDir, name);
}
