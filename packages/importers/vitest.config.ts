import { defineConfig } from "vitest/config";

export default defineConfig({
  // Imports of the fixture files take a few seconds each; on a loaded 2-core CI machine the
  // default 5 s limit measures the machine, not the code (as in the schema package).
  test: { include: ["test/**/*.test.ts"], testTimeout: 60_000 },
});
