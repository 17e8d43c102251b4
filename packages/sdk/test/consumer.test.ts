import { execFileSync, spawnSync } from "node:child_process";
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/**
 * A consumer's view of the published package: the SDK and the schema package it depends on are
 * packed with `npm pack`, unpacked into a fresh project's node_modules (their registry
 * dependencies are linked from this workspace: the test has no network), and a small program
 * is compiled against the tarballs' types under three module resolutions, run, and bundled for
 * the browser. It catches what in-repo tests cannot: a missing file in `files`, a wrong
 * `exports` condition, types that only resolve inside the monorepo, a Node built-in in the
 * browser build.
 */
const sdkDir = fileURLToPath(new URL("..", import.meta.url));
const schemaDir = fileURLToPath(new URL("../../schema", import.meta.url));
const workspaceRequire = createRequire(join(sdkDir, "package.json"));
const tsc = workspaceRequire.resolve("typescript/bin/tsc");

let project: string;

const PROGRAM = `import {
  buildEvent,
  type Event,
  normalizeCountry,
  parseDatasetJson,
  REFERENCE_GRAPH,
  toJsonLd,
} from "@parley/sdk";
import { SCHEMA_VERSION } from "@parley/schema";

const meeting: Event = buildEvent({
  kind: "meeting",
  date: { value: "2022-11-17", inferred: ["year"] },
  participants: [{ unresolved: { description: "the ambassador of Kazakhstan" }, represents: { country: "KAZ" } }],
});
const dataset = parseDatasetJson({ schemaVersion: SCHEMA_VERSION, title: "Consumer", records: [meeting] });
const country = normalizeCountry("Kazakhstani");
console.log(
  JSON.stringify({
    id: meeting.id,
    kaz: dataset.eventsByParticipant({ country: "KAZ" }).map((event) => event.id),
    country: country.match ? country.code : null,
    referenceFields: REFERENCE_GRAPH.length > 0,
    jsonld: toJsonLd(dataset)["@graph"].length,
  }),
);
`;

function pack(dir: string, into: string): string {
  const output = execFileSync("npm", ["pack", "--json", "--pack-destination", into], {
    cwd: dir,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  const [packed] = JSON.parse(output) as Array<{ filename: string }>;
  if (!packed) throw new Error(`npm pack in ${dir} reported no tarball`);
  return join(into, packed.filename);
}

function unpack(tarball: string, into: string): void {
  const scratch = mkdtempSync(join(tmpdir(), "parley-unpack-"));
  execFileSync("tar", ["-xzf", tarball, "-C", scratch]);
  mkdirSync(dirname(into), { recursive: true });
  renameSync(join(scratch, "package"), into);
  rmSync(scratch, { recursive: true, force: true });
}

function linkFromWorkspace(name: string, modules: string): void {
  const manifest = workspaceRequire.resolve(`${name}/package.json`);
  const target = join(modules, name);
  mkdirSync(dirname(target), { recursive: true });
  symlinkSync(dirname(manifest), target, "dir");
}

function compile(
  config: Record<string, unknown>,
  dir: string,
): { status: number | null; output: string } {
  writeFileSync(join(dir, "tsconfig.json"), JSON.stringify(config, null, 2));
  const result = spawnSync(process.execPath, [tsc, "-p", dir], { encoding: "utf8" });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

const STRICT = {
  strict: true,
  target: "ES2022",
  // A browser project's libraries, and no Node types: the packages' .d.ts must not need them.
  // (zod's own types use the DOM's URL, so a project without DOM or Node types cannot use zod.)
  lib: ["ES2022", "DOM"],
  types: [],
  // Check the packages' own .d.ts files too, not only the program.
  skipLibCheck: false,
};

const EXPECTED = {
  kaz: ["<id>"],
  country: "KAZ",
  referenceFields: true,
  jsonld: 1,
};

function expectOutput(stdout: string): void {
  const result = JSON.parse(stdout);
  expect(result.id).toMatch(/^event:[0-9a-f]{16}$/);
  expect({
    ...result,
    kaz: result.kaz.map((id: string) => (id === result.id ? "<id>" : id)),
  }).toMatchObject(EXPECTED);
}

beforeAll(() => {
  project = mkdtempSync(join(tmpdir(), "parley-sdk-consumer-"));
  const tarballs = mkdtempSync(join(tmpdir(), "parley-sdk-tarballs-"));
  const modules = join(project, "node_modules");
  unpack(pack(schemaDir, tarballs), join(modules, "@parley", "schema"));
  unpack(pack(sdkDir, tarballs), join(modules, "@parley", "sdk"));
  rmSync(tarballs, { recursive: true, force: true });
  const registryDependencies = new Set<string>();
  for (const dir of ["@parley/schema", "@parley/sdk"]) {
    const manifest = JSON.parse(readFileSync(join(modules, dir, "package.json"), "utf8"));
    for (const name of Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies })) {
      if (!name.startsWith("@parley/")) registryDependencies.add(name);
    }
  }
  for (const name of registryDependencies) linkFromWorkspace(name, modules);
  for (const [variant, type] of [
    ["esm", "module"],
    ["cjs", "commonjs"],
    ["bundler", "module"],
  ] as const) {
    mkdirSync(join(project, variant), { recursive: true });
    writeFileSync(join(project, variant, "package.json"), JSON.stringify({ type, private: true }));
    writeFileSync(join(project, variant, "main.ts"), PROGRAM);
  }
}, 120_000);

afterAll(() => {
  if (project) rmSync(project, { recursive: true, force: true });
});

describe("the packed SDK in a consumer project", () => {
  it("packs only what a consumer needs: dist and the README, no sources or tests", () => {
    const manifest = JSON.parse(
      readFileSync(join(project, "node_modules/@parley/sdk/package.json"), "utf8"),
    );
    expect(manifest.sideEffects).toBe(false);
    expect(manifest.peerDependencies).toHaveProperty("zod");
    const listing = execFileSync("find", [".", "-type", "f"], {
      cwd: join(project, "node_modules/@parley/sdk"),
      encoding: "utf8",
    });
    const files = listing.trim().split("\n").sort();
    expect(files).toEqual(
      expect.arrayContaining([
        "./dist/index.cjs",
        "./dist/index.d.cts",
        "./dist/index.d.ts",
        "./dist/index.js",
      ]),
    );
    expect(files.filter((file) => file.startsWith("./src/") || file.startsWith("./test/"))).toEqual(
      [],
    );
  });

  it("compiles under moduleResolution bundler", () => {
    const dir = join(project, "bundler");
    const result = compile(
      {
        compilerOptions: { ...STRICT, module: "ESNext", moduleResolution: "Bundler", noEmit: true },
        include: ["main.ts"],
      },
      dir,
    );
    expect(result.output).toBe("");
    expect(result.status).toBe(0);
  });

  it("compiles and runs as CommonJS under moduleResolution node16 (the require condition)", () => {
    const dir = join(project, "cjs");
    const result = compile(
      {
        compilerOptions: { ...STRICT, module: "Node16", moduleResolution: "Node16", outDir: "out" },
        include: ["main.ts"],
      },
      dir,
    );
    expect(result.output).toBe("");
    expect(result.status).toBe(0);
    const compiled = readFileSync(join(dir, "out/main.js"), "utf8");
    expect(compiled).toContain('require("@parley/sdk")');
    expectOutput(execFileSync(process.execPath, [join(dir, "out/main.js")], { encoding: "utf8" }));
  });

  it("compiles and runs as ESM under moduleResolution nodenext (the import condition)", () => {
    const dir = join(project, "esm");
    const result = compile(
      {
        compilerOptions: {
          ...STRICT,
          module: "NodeNext",
          moduleResolution: "NodeNext",
          outDir: "out",
        },
        include: ["main.ts"],
      },
      dir,
    );
    expect(result.output).toBe("");
    expect(result.status).toBe(0);
    expect(readFileSync(join(dir, "out/main.js"), "utf8")).toContain('from "@parley/sdk"');
    expectOutput(execFileSync(process.execPath, [join(dir, "out/main.js")], { encoding: "utf8" }));
  });

  it("bundles for the browser with esbuild, with no Node built-in, and the bundle runs", async () => {
    const outfile = join(project, "bundler", "bundle.js");
    const result = await build({
      entryPoints: [join(project, "bundler", "main.ts")],
      absWorkingDir: project,
      bundle: true,
      platform: "browser",
      format: "esm",
      outfile,
      metafile: true,
      logLevel: "silent",
    });
    expect(result.errors).toEqual([]);
    const inputs = Object.keys(result.metafile.inputs);
    // platform "browser" fails the build on any Node built-in import; check it did not get one either way.
    expect(
      inputs.filter(
        (input) => input.startsWith("node:") || /^(fs|path|crypto|stream)$/.test(input),
      ),
    ).toEqual([]);
    expect(inputs.some((input) => input.includes("@parley/sdk/dist/index.js"))).toBe(true);
    expectOutput(execFileSync(process.execPath, [outfile], { encoding: "utf8" }));
  });
});
