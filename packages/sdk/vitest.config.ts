import { defineConfig } from "vitest/config";

export default defineConfig({
  // The consumer test packs the SDK and runs tsc three times: on a loaded 2-core machine each
  // compile takes tens of seconds, which measures the machine, not the package.
  test: { include: ["test/**/*.test.ts"], testTimeout: 120_000 },
});
