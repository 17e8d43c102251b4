import { defineConfig } from "tsup";

export default defineConfig({
  // index: the isomorphic core (no Node built-ins). node: worker threads and file ranges for
  // `parley validate --jobs`; worker: the script each worker thread runs.
  entry: ["src/index.ts", "src/node.ts", "src/worker.ts"],
  format: ["esm", "cjs"],
  dts: { entry: ["src/index.ts", "src/node.ts"] },
  clean: true,
  target: "es2022",
  // ajv-formats is CommonJS without an exports map and iso-3166 is ESM only; bundling the few
  // tables and regexes used keeps both builds (ESM and CJS) loadable in Node and browsers.
  noExternal: ["ajv-formats", "iso-3166"],
  // The bench's WebAssembly string hook (scan-runtime.ts) is left out of the package.
  define: { PARLEY_BENCH_WASM: "false" },
  esbuildOptions(options, { format }) {
    // A lazy `import()` (the SDK for CSV tables) stays a lazy `require()` in the CommonJS build:
    // a CommonJS consumer gets the SDK's CommonJS build, not a second copy from its ES modules,
    // and runners without ES module support (Jest's default) can load it.
    if (format === "cjs") options.supported = { ...options.supported, "dynamic-import": false };
  },
});
