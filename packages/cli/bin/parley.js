#!/usr/bin/env node
// The `parley` executable that package.json's `bin` names. It is committed, not built: npm links
// a workspace's bin into node_modules/.bin only if the file exists when `npm ci` runs, which is
// before `npm run build` writes dist/. The program itself is dist/bin.js.
try {
  await import("../dist/bin.js");
} catch (error) {
  if (error?.code !== "ERR_MODULE_NOT_FOUND" || !String(error.message).includes("bin.js"))
    throw error;
  process.stderr.write("parley: the program is not built yet: run 'npm run build' first\n");
  process.exitCode = 70;
}
