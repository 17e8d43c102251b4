#!/usr/bin/env node
// Generated code is committed (src/generated/, json-schema/). By the time this runs, turbo's
// `codegen` tasks have regenerated it; any difference from the commit means someone changed the
// schema or a generator without committing the output. In CI that fails the build; locally it is
// a reminder, since uncommitted regenerated files are the normal state while editing the schema.
import { execFileSync } from "node:child_process";

const generatedPaths = [
  "packages/schema/json-schema",
  "packages/schema/src/generated",
  "packages/sdk/src/generated",
  "packages/validator/src/generated",
];
// The one generator's own check first: each target's output equals the files on disk (what
// turbo's codegen wrote, or what someone edited by hand since).
const codegenTargets = [
  ["sdk", "packages/sdk/src/generated"],
  ["validator", "packages/validator/src/generated"],
  ["scanner", "packages/validator/src/generated/scan"],
];
for (const [target, dir] of codegenTargets) {
  const [cwd, out] = dir.split(/\/(?=src\/generated)/);
  try {
    execFileSync(
      process.execPath,
      ["--import", "tsx", "../../tools/codegen/src/cli.ts", target, "--out", out, "--check"],
      { cwd, stdio: ["ignore", "inherit", "inherit"] },
    );
  } catch {
    console.error(`${dir}: not what tools/codegen generates; run \`npm run codegen\``);
    process.exit(1);
  }
}

const status = execFileSync("git", ["status", "--porcelain", "--", ...generatedPaths], {
  encoding: "utf8",
}).trim();

if (status === "") {
  console.log("generated files: up to date with the commit");
} else if (process.env.CI) {
  console.error(
    `Regenerating changed committed files:\n${status}\nRun \`npm run codegen\` and commit the result.`,
  );
  process.exit(1);
} else {
  console.warn(
    `note: generated files differ from the commit (commit them before pushing):\n${status}`,
  );
}
