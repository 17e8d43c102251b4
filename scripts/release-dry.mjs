#!/usr/bin/env node
// `npm run release:dry`: everything `npm run release` would do, short of publishing.
//   1. build the public packages (turbo; cached when `npm test` just built them);
//   2. copy the work tree to a scratch folder and run `changeset version` THERE (never in the
//      real tree), which bumps versions and writes each CHANGELOG.md; freeze the working
//      standard version there as the release would;
//   3. `npm pack` each public package from the scratch copy and check each tarball: the files
//      its package.json points at are present, nothing leaks (tests, sources, source maps,
//      configs), and `publint --strict` and `attw` are clean on the tarball itself.
// Exits non-zero on any problem. `--keep` leaves the scratch folder for inspection;
// `--no-build` packs the dist/ folders as they are.
import { execFileSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const keep = process.argv.includes("--keep");
const bin = (name) => join(root, "node_modules", ".bin", name);
const readJson = (path) => JSON.parse(readFileSync(path, "utf8"));
const run = (command, args, cwd, options = {}) =>
  execFileSync(command, args, {
    cwd,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: "1", FORCE_COLOR: "0", NO_COLOR: "1" },
    maxBuffer: 64 * 1024 * 1024,
    ...options,
  });

/**
 * The flags a package gives attw in its own `lint:package` script (a `--profile`, an ignored
 * rule), so the tarball is judged exactly as the package's tests judge it.
 */
function attwFlags(manifest) {
  const command = /\battw\s+([^&|;]*)/.exec(manifest.scripts?.["lint:package"] ?? "")?.[1] ?? "";
  return command
    .trim()
    .split(/\s+/)
    .filter((token) => token !== "" && token !== "--pack" && token !== "-P" && token !== ".");
}

/** @parley/schema ships every version's JSON Schemas, released or working, and the manifest. */
function checkEveryStandardVersion(packageDir, paths) {
  const jsonSchemaDir = join(packageDir, "json-schema");
  const expected = ["json-schema/released.json"];
  for (const version of readdirSync(jsonSchemaDir).filter((name) => /^\d+\.\d+$/.test(name))) {
    for (const file of readdirSync(join(jsonSchemaDir, version)))
      expected.push(`json-schema/${version}/${file}`);
  }
  for (const file of expected) {
    if (!paths.includes(file)) fail("@parley/schema", `${file} is not in the tarball`);
  }
}

/** Files that never belong in a published package. */
const LEAKS = [
  [/(^|\/)(test|tests|__tests__|bench|fixtures|coverage)\//, "test, bench or fixture files"],
  [/\.(test|spec|bench)\.[cm]?[jt]sx?$/, "a test file"],
  [/\.map$/, "a source map (its sources are not shipped)"],
  [/(^|\/)src\//, "source files"],
  [
    /(^|\/)(tsconfig[^/]*\.json|tsup\.config\.[cm]?[jt]s|vitest\.config\.[cm]?[jt]s|biome\.json)$/,
    "build configuration",
  ],
  [/\.tsbuildinfo$|(^|\/)\.turbo\/|(^|\/)node_modules\/|(^|\/)\.env/, "build or environment state"],
];

const problems = [];
const fail = (where, message) => problems.push(`${where}: ${message}`);

// The public packages: every workspace that is not private.
const workspaces = readJson(join(root, "package.json")).workspaces.filter((dir) =>
  existsSync(join(root, dir, "package.json")),
);
const publicPackages = workspaces
  .map((dir) => ({ dir, manifest: readJson(join(root, dir, "package.json")) }))
  .filter(({ manifest }) => manifest.private !== true);
console.log(
  `release:dry: public packages ${publicPackages.map((p) => p.manifest.name).join(", ")}`,
);

// 1. Build (`--no-build` reuses the dist/ folders as they are).
if (!process.argv.includes("--no-build")) {
  console.log("release:dry: building");
  try {
    run(
      bin("turbo"),
      [
        "run",
        "build",
        "--output-logs=errors-only",
        ...publicPackages.map((p) => `--filter=${p.manifest.name}`),
      ],
      root,
      { stdio: ["ignore", "ignore", "inherit"] },
    );
  } catch {
    console.error("release:dry FAILED: the build failed (output above); nothing was packed");
    process.exit(1);
  }
}

// 2. A scratch copy: the files git would see (committed or not, minus ignored ones) plus the
// build output, with the real node_modules linked in.
const scratch = mkdtempSync(join(tmpdir(), "parley-release-dry-"));
try {
  const files = run("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], root)
    .split("\0")
    .filter(
      (file) => file !== "" && existsSync(join(root, file)) && statSync(join(root, file)).isFile(),
    );
  for (const file of files) {
    mkdirSync(dirname(join(scratch, file)), { recursive: true });
    cpSync(join(root, file), join(scratch, file));
  }
  for (const { dir } of publicPackages) {
    if (existsSync(join(root, dir, "dist"))) {
      cpSync(join(root, dir, "dist"), join(scratch, dir, "dist"), { recursive: true });
    } else {
      fail(dir, "no dist/ after the build");
    }
  }
  symlinkSync(join(root, "node_modules"), join(scratch, "node_modules"), "dir");

  run(
    process.execPath,
    [join(root, "node_modules", "@changesets", "cli", "bin.js"), "version"],
    scratch,
  );

  const versions = new Map(
    publicPackages.map(({ dir }) => {
      const manifest = readJson(join(scratch, dir, "package.json"));
      return [manifest.name, manifest.version];
    }),
  );
  console.log("\nrelease:dry: `changeset version` (in the scratch copy) would release");
  for (const { dir, manifest } of publicPackages) {
    const next = versions.get(manifest.name);
    console.log(`  ${manifest.name.padEnd(20)} ${manifest.version} → ${next}`);
    if (next === manifest.version) {
      console.log(`    (no pending changeset: ${manifest.name} would not be published)`);
    } else if (!existsSync(join(scratch, dir, "CHANGELOG.md"))) {
      fail(manifest.name, "changeset version wrote no CHANGELOG.md");
    }
    // Internal dependencies are pinned exactly; after versioning they must name the new versions.
    const versioned = readJson(join(scratch, dir, "package.json"));
    for (const field of ["dependencies", "peerDependencies", "optionalDependencies"]) {
      for (const [name, range] of Object.entries(versioned[field] ?? {})) {
        if (versions.has(name) && range !== versions.get(name)) {
          fail(
            manifest.name,
            `${field} ${name}@${range} does not match its release ${versions.get(name)}`,
          );
        }
      }
    }
  }

  // The package's major.minor must carry the standard's major: @parley/schema 1.x ships 1.y.
  const schemaVersion = versions.get("@parley/schema");
  if (schemaVersion !== undefined) {
    const standard = readFileSync(join(scratch, "packages/schema/src/version.ts"), "utf8").match(
      /SCHEMA_VERSION = "(\d+)\.(\d+)"/,
    );
    const [major] = schemaVersion.split(".");
    if (!standard) fail("@parley/schema", "cannot read SCHEMA_VERSION from src/version.ts");
    else if (standard[1] !== major) {
      fail(
        "@parley/schema",
        `package ${schemaVersion} would ship standard ${standard[1]}.${standard[2]}: majors differ`,
      );
    }
    const manifest = readJson(join(scratch, "packages/schema/json-schema/released.json"));
    const working = standard ? `${standard[1]}.${standard[2]}` : undefined;
    if (working !== undefined && !manifest.versions[working]) {
      run(
        bin("tsx"),
        ["scripts/released-manifest.ts", "--freeze-working"],
        join(scratch, "packages/schema"),
      );
      console.log(`  the release freezes standard ${working} (json-schema/released.json)`);
    }
  }

  // 3. Pack and check each tarball.
  const tarballs = join(scratch, ".tarballs");
  mkdirSync(tarballs);
  console.log("\nrelease:dry: packing and checking each tarball");
  for (const { dir } of publicPackages) {
    const cwd = join(scratch, dir);
    const manifest = readJson(join(cwd, "package.json"));
    const name = manifest.name;
    const [packed] = JSON.parse(
      run("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", tarballs], cwd),
    );
    const tarball = join(tarballs, packed.filename);
    const paths = packed.files.map((file) => file.path);
    checkFilesPresent(
      name,
      manifest,
      paths,
      versions.get(name) !== publicPackages.find((p) => p.dir === dir)?.manifest.version,
    );
    checkNoLeaks(name, paths);
    if (name === "@parley/schema") checkEveryStandardVersion(cwd, paths);
    try {
      run(bin("publint"), ["run", tarball, "--strict"], cwd);
    } catch (error) {
      fail(name, `publint --strict:\n${indent(error.stdout || error.stderr)}`);
    }
    try {
      run(
        bin("attw"),
        [tarball, ...attwFlags(manifest), "--no-emoji", "--no-color", "--format", "ascii"],
        cwd,
      );
    } catch (error) {
      fail(name, `attw:\n${indent(error.stdout || error.stderr)}`);
    }
    console.log(
      `  ${packed.filename.padEnd(34)} ${String(packed.entryCount).padStart(4)} files, ${kilobytes(packed.size)} packed, ${kilobytes(packed.unpackedSize)} unpacked`,
    );
  }
} finally {
  if (keep) console.log(`\nscratch copy kept at ${scratch}`);
  else rmSync(scratch, { recursive: true, force: true });
}

if (problems.length > 0) {
  console.error(
    `\nrelease:dry FAILED (${problems.length} problem${problems.length === 1 ? "" : "s"}):`,
  );
  for (const problem of problems) console.error(`  ✗ ${problem}`);
  process.exit(1);
}
console.log("\nrelease:dry: ok — `npm run release` would publish these tarballs");

/** Every file the package's entry points name must be in the tarball, and its CHANGELOG. */
function checkFilesPresent(name, manifest, paths, released) {
  const targets = [];
  const collect = (value) => {
    if (typeof value === "string") targets.push(value);
    else if (value && typeof value === "object")
      for (const child of Object.values(value)) collect(child);
  };
  collect(manifest.exports);
  collect(manifest.bin);
  for (const field of ["main", "module", "types", "typings"]) collect(manifest[field]);
  for (const target of new Set(targets)) {
    const path = target.replace(/^\.\//, "");
    const present = path.includes("*")
      ? paths.some((file) => file.startsWith(path.slice(0, path.indexOf("*"))))
      : paths.includes(path);
    if (!present) fail(name, `package.json points at ${target}, which is not in the tarball`);
  }
  if (!paths.includes("package.json")) fail(name, "package.json is not in the tarball");
  if (released && !paths.includes("CHANGELOG.md")) fail(name, "CHANGELOG.md is not in the tarball");
  if (!paths.some((file) => /^readme/i.test(file)))
    console.warn(`  warning: ${name} has no README`);
}

function checkNoLeaks(name, paths) {
  for (const file of paths) {
    for (const [pattern, what] of LEAKS) {
      if (pattern.test(file)) fail(name, `${file} is ${what}`);
    }
  }
}

function indent(text) {
  return String(text)
    .trim()
    .split("\n")
    .map((line) => `      ${line}`)
    .join("\n");
}

function kilobytes(bytes) {
  return `${(bytes / 1024).toFixed(1)} kB`;
}
