import { defineConfig } from "tsup";

export default defineConfig({
  entry: ["src/index.ts"],
  format: ["esm", "cjs"],
  dts: true,
  clean: true,
  target: "es2022",
  // @noble/hashes ships ESM only; bundling the one hash the SDK uses keeps the CJS build
  // requireable and the browser build free of Node built-ins.
  // i18n-iso-countries' English names are one JSON file: bundling it avoids a JSON import that
  // Node's ESM loader would refuse without an import attribute.
  // The same holds for i18n-nationality's English nationalities.
  noExternal: ["@noble/hashes", "i18n-iso-countries", "i18n-nationality"],
});
