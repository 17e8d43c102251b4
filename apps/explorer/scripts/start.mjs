#!/usr/bin/env node
// `npm start`: builds the explorer when dist/ is missing or older than its inputs, then serves it
// on 127.0.0.1 and prints the URL. PORT=8080 npm start picks the port (default 4173).
import { buildIfStale } from "./build-if-stale.mjs";
import { serve } from "./serve.mjs";

try {
  buildIfStale();
} catch (error) {
  console.error(error.message);
  process.exit(1);
}
const port = Number(process.env.PORT ?? 4173);
serve({ port }).then(
  ({ url }) => console.log(`Parley Explorer is running at ${url}  (Ctrl+C to stop)`),
  (error) => {
    console.error(
      error.code === "EADDRINUSE"
        ? `Port ${port} is in use: run PORT=<another port> npm start`
        : `Cannot serve the explorer: ${error.message}`,
    );
    process.exit(1);
  },
);
