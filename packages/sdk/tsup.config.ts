import { defineConfig } from "tsup";

export default defineConfig({
  // index: the whole SDK. messages and countries: what the validator's explanations need,
  // without the zod model and the rest of the SDK (a validation run starts faster).
  entry: { index: "src/index.ts", messages: "src/messages.ts", countries: "src/countries.ts" },
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
