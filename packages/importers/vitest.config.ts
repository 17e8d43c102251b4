import { defineConfig } from "vitest/config";

export default defineConfig({
  // 60 s like the other packages: the first mapping test compiles the mapping schema and loads
  // the readers, which takes seconds on a loaded 2-core machine.
  test: { include: ["test/**/*.test.ts"], testTimeout: 60_000 },
});
