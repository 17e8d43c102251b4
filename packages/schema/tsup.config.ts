import { defineConfig } from "tsup";

export default defineConfig({
  // index: the whole standard (zod model, JSON Schemas, migrations, diff). base: version numbers,
  // code lists and the partial-date rule without zod, for tools that must start fast.
  entry: ["src/index.ts", "src/base.ts"],
  format: ["esm", "cjs"],
  dts: true,
  clean: true,
  target: "es2022",
  // iso-3166 ships ESM only; bundling its small tables keeps the CJS build requireable.
  noExternal: ["iso-3166"],
});
