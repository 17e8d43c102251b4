import { defineConfig } from "tsup";

export default defineConfig({
  // index: the isomorphic core (no Node built-ins). node: worker threads and file ranges for
  // `parley validate --jobs`; worker: the script each worker thread runs.
  entry: ["src/index.ts", "src/node.ts", "src/worker.ts"],
  format: ["esm", "cjs"],
  dts: { entry: ["src/index.ts", "src/node.ts"] },
  clean: true,
  target: "es2022",
  // ajv-formats is CommonJS without an exports map; bundling its formats module (a few regexes)
  // keeps the ESM build loadable in Node and browsers alike.
  noExternal: ["ajv-formats"],
});
