import { defineConfig } from "vite";

export default defineConfig({
  // Relative asset URLs: the built site works from any static host and any sub-path.
  base: "./",
  build: {
    target: "es2022",
    outDir: "dist",
    emptyOutDir: true,
    // The SDK brings zod and the world-countries table (about 1 MB minified, 220 kB gzip);
    // Observable Plot is split off and loaded by the overview only; workers are chunks of their own.
    chunkSizeWarningLimit: 1200,
  },
  worker: { format: "es" },
  server: { host: "127.0.0.1", fs: { allow: ["../.."] } },
});
