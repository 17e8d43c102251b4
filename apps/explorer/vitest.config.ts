import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The end-to-end file drives one Chromium; give it room, keep unit tests quick.
    testTimeout: 20_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});
