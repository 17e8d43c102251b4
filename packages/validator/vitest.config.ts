import { defineConfig } from "vitest/config";

export default defineConfig({
  // The bench's WebAssembly string hook in scan-runtime.ts (wasm-strings.test.ts drives it).
  define: { PARLEY_BENCH_WASM: "true" },
  test: { include: ["test/**/*.test.ts"], testTimeout: 60_000 },
});
