import { readFileSync } from "node:fs";
import { join } from "node:path";
import { SUPPORTED_SCHEMA_VERSIONS } from "@parley/validator";
import { describe, expect, it } from "vitest";
import packageJson from "../package.json";
import { ANSI, bin, parley, STACK_LINE, seedJson } from "./helpers";

// The dispatcher: what every command shares. These spawn the built binary, because exit codes,
// the shebang and "no stack traces" are properties of the process, not of a function.

describe("the parley binary", () => {
  it("ships as an executable ESM file with a node shebang, named by package.json's bin", () => {
    expect(packageJson.bin).toEqual({ parley: "./dist/bin.js" });
    expect(readFileSync(bin, "utf8").startsWith("#!/usr/bin/env node\n")).toBe(true);
  });

  it("prints its version and the standard versions it validates (exit 0)", async () => {
    for (const flag of ["--version", "-v"]) {
      const { code, stdout } = await parley([flag]);
      expect(code).toBe(0);
      expect(stdout).toBe(
        `parley ${packageJson.version} (validates Parley standard ${SUPPORTED_SCHEMA_VERSIONS.join(", ")})\n`,
      );
    }
  });

  it("lists its commands and documents the exit codes in --help (exit 0)", async () => {
    const { code, stdout } = await parley(["--help"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^ {2}validate +Check datasets/m);
    expect(stdout).toMatch(/^ {2}explain +Explain a validation rule/m);
    for (const exit of ["0", "1", "2", "3"])
      expect(stdout).toMatch(new RegExp(`^ {2}${exit} +\\w`, "m"));
  });

  it("documents each command's options, examples and exit codes in its --help", async () => {
    const viaFlag = await parley(["validate", "--help"]);
    const viaHelp = await parley(["help", "validate"]);
    expect(viaFlag.code).toBe(0);
    expect(viaHelp.stdout).toBe(viaFlag.stdout);
    for (const option of [
      "--format",
      "--output",
      "--config",
      "--max-findings",
      "--max-warnings",
      "--jobs",
    ]) {
      expect(viaFlag.stdout).toContain(option);
    }
    expect(viaFlag.stdout).toContain("Exit codes:");
    expect(viaFlag.stdout).toContain("3   a file cannot be read or written");
  });

  it("treats no command as a usage error: help on stderr, exit 2", async () => {
    const { code, stdout, stderr } = await parley([]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain("Usage: parley <command>");
  });

  it("rejects an unknown command with exit 2, a suggestion and a help hint, no stack trace", async () => {
    const { code, stderr } = await parley(["valdate", "x.json"]);
    expect(code).toBe(2);
    expect(stderr).toBe(
      "parley: unknown command 'valdate' (did you mean 'validate'?)\nRun 'parley --help' for the list of commands.\n",
    );
  });

  it("rejects an unknown flag with exit 2, a suggestion and a help hint", async () => {
    const { code, stderr } = await parley(["validate", "--max-finding", "3", seedJson]);
    expect(code).toBe(2);
    expect(stderr).toContain("unknown option '--max-finding' (did you mean '--max-findings'?)");
    expect(stderr).toContain("Run 'parley validate --help'");
    expect(stderr).not.toMatch(STACK_LINE);
  });

  it("rejects a flag that lacks its value, and a malformed number, with exit 2", async () => {
    const missing = await parley(["validate", seedJson, "--format"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("option '--format' needs a value");
    const badNumber = await parley(["validate", seedJson, "--jobs", "two"]);
    expect(badNumber.code).toBe(2);
    expect(badNumber.stderr).toContain("--jobs must be a whole number of 1 or more, got 'two'");
    const zeroJobs = await parley(["validate", seedJson, "--jobs", "0"]);
    expect(zeroJobs.code).toBe(2);
  });

  it("rejects a global flag before the command, and an unknown format, with exit 2", async () => {
    expect((await parley(["--frobnicate"])).code).toBe(2);
    const format = await parley(["validate", seedJson, "--format", "xml"]);
    expect(format.code).toBe(2);
    expect(format.stderr).toContain(
      "unknown report format 'xml' (one of pretty, json, sarif, github, junit)",
    );
  });

  it("keeps messages uncoloured unless asked, and honours NO_COLOR over FORCE_COLOR", async () => {
    const plain = await parley(["valdate"]);
    expect(plain.stderr).not.toMatch(ANSI);
    const forced = await parley(["valdate"], { env: { FORCE_COLOR: "1" } });
    expect(forced.stderr).toMatch(ANSI);
    const both = await parley(["valdate"], { env: { FORCE_COLOR: "1", NO_COLOR: "1" } });
    expect(both.stderr).not.toMatch(ANSI);
  });

  it("runs from any working directory", async () => {
    const { code } = await parley(["validate", join("seed", "seed.json")], {
      cwd: join(seedJson, "..", ".."),
    });
    expect(code).toBe(0);
  });
});
