import { defineConfig } from "vite";

export default defineConfig({
  // Relative asset URLs: the built site works from any static host and any sub-path.
  base: "./",
  build: { target: "es2022", outDir: "dist", emptyOutDir: true },
  worker: { format: "es" },
  server: { host: "127.0.0.1", fs: { allow: ["../.."] } },
});
