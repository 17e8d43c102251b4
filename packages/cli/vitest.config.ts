import { defineConfig } from "vitest/config";

export default defineConfig({
  // The CLI tests spawn the built binary (dist/bin.js): `npm test` runs after `build` (turbo's
  // test task depends on build), so the binary under test is the one that ships.
  test: { include: ["test/**/*.test.ts"], testTimeout: 60_000 },
});
