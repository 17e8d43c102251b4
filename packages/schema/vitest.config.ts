import { defineConfig } from "vitest/config";

export default defineConfig({
  // The migration property tests generate hundreds of datasets; on a loaded 2-core CI machine they
  // take longer than vitest's 5 s default, which measures the machine, not the code.
  test: { include: ["test/**/*.test.ts"], testTimeout: 60_000 },
});
