import { defineConfig } from "tsup";

export default defineConfig({
  entry: ["src/index.ts"],
  format: ["esm", "cjs"],
  dts: true,
  clean: true,
  target: "es2022",
  // @noble/hashes ships ESM only; bundling the one hash the SDK uses keeps the CJS build
  // requireable and the browser build free of Node built-ins.
  noExternal: ["@noble/hashes"],
});
