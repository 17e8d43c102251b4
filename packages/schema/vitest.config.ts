import { defineConfig } from "vitest/config";

export default defineConfig({
  // ajv's strict compile of every version's schemas and the migration property tests take a few
  // seconds each; on a shared CI machine the default 5 s limit fails them for load, not for bugs.
  test: { include: ["test/**/*.test.ts"], testTimeout: 60_000 },
});
