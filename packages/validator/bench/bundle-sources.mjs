/**
 * Bundles TypeScript sources of this package to one plain JavaScript module beside the bench
 * scripts (esbuild, as the package's own build does) and imports it: no TypeScript loader
 * thread runs beside the clock, and a profile shows readable line numbers. The bundle is
 * removed after import unless `keep`.
 */
import { rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));

export async function importBundled(contents, name, keep = false) {
  const { build } = await import("esbuild");
  const out = join(here, `.${name}-${process.pid}.mjs`);
  await build({
    stdin: { contents, resolveDir: join(here, ".."), loader: "ts" },
    bundle: true,
    format: "esm",
    platform: "node",
    outfile: out,
    packages: "external",
    // The scanner's WebAssembly string hook (scan-runtime.ts), off in the package's own build.
    define: { PARLEY_BENCH_WASM: "true" },
    logLevel: "warning",
  });
  const module = await import(out);
  if (!keep) rmSync(out);
  return module;
}
