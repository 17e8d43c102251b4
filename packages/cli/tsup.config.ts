import { defineConfig } from "tsup";

// `npm run build` empties dist/ first; the two configs below run in parallel, so neither cleans.
export default defineConfig([
  {
    // The programmatic API (`run(argv, io)`), for embedding and for in-process tests.
    entry: ["src/index.ts"],
    format: ["esm", "cjs"],
    dts: true,
    clean: false,
    target: "node20",
    // `--jobs` starts dist/worker.js relative to import.meta.url, which CJS needs shimmed.
    shims: true,
  },
  {
    // The executable and the worker-thread entry ship as ESM only: Node runs them directly, no
    // one `require`s them. The bin keeps its shebang (tsup preserves it and marks the file
    // executable).
    entry: ["src/bin.ts", "src/worker.ts", "src/map-worker.ts", "src/report-worker.ts"],
    format: ["esm"],
    dts: false,
    clean: false,
    target: "node20",
  },
]);
