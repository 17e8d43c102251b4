import { defineConfig } from "tsup";

export default defineConfig({
  entry: ["src/index.ts"],
  format: ["esm", "cjs"],
  dts: true,
  clean: true,
  target: "es2022",
  // iso-3166 ships ESM only; bundling its small tables keeps the CJS build requireable.
  noExternal: ["iso-3166"],
});
