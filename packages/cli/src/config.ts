import { statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import {
  didYouMean,
  type Limits,
  type RulesConfig,
  SUPPORTED_SCHEMA_VERSIONS,
  validateRulesConfig,
} from "@parley/validator";
import { ConfigError, describeFsError } from "./errors";

/**
 * The config file of `parley validate --config <file>` (JSON). Every key is optional; flags on
 * the command line win over the file.
 *
 *     {
 *       "rules": { "quote-speaker-unresolved": "off", "format-members-participants": "error" },
 *       "maxFindings": 1000, "maxFindingsPerRule": 50, "maxWarnings": 0,
 *       "limits": { "maxDepth": 64, "maxRecordBytes": 16777216 },
 *       "defaultSchemaVersion": "1.0"
 *     }
 */
export interface ParleyConfig {
  rules?: RulesConfig;
  maxFindings?: number;
  maxFindingsPerRule?: number;
  maxWarnings?: number;
  limits?: Partial<Limits>;
  defaultSchemaVersion?: string;
}

const KEYS = [
  "$schema",
  "rules",
  "maxFindings",
  "maxFindingsPerRule",
  "maxWarnings",
  "limits",
  "defaultSchemaVersion",
] as const;
const LIMIT_KEYS = ["maxDepth", "maxRecordBytes", "maxMetadataBytes"] as const;

function isCount(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= 0;
}

/** Line and column of a character offset, for JSON syntax errors in the config file. */
function position(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  const column = offset - before.lastIndexOf("\n");
  return `${line}:${column}`;
}

/** Checks a parsed config; returns its problems as messages (empty when it is fine). */
export function checkConfig(value: unknown): string[] {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return ["the config must be a JSON object"];
  }
  const config = value as Record<string, unknown>;
  const problems: string[] = [];
  for (const key of Object.keys(config)) {
    if (!(KEYS as readonly string[]).includes(key)) {
      const near = didYouMean(key, KEYS);
      problems.push(`unknown key '${key}'${near ? ` (did you mean '${near}'?)` : ""}`);
    }
  }
  problems.push(...validateRulesConfig(config.rules));
  for (const key of ["maxFindings", "maxFindingsPerRule", "maxWarnings"] as const) {
    if (config[key] !== undefined && !isCount(config[key])) {
      problems.push(`'${key}' must be a whole number of 0 or more`);
    }
  }
  if (config.limits !== undefined) {
    const limits = config.limits;
    if (typeof limits !== "object" || limits === null || Array.isArray(limits)) {
      problems.push(`'limits' must be an object with ${LIMIT_KEYS.join(", ")}`);
    } else {
      for (const [key, limit] of Object.entries(limits)) {
        if (!(LIMIT_KEYS as readonly string[]).includes(key)) {
          const near = didYouMean(key, LIMIT_KEYS);
          problems.push(`unknown key 'limits.${key}'${near ? ` (did you mean '${near}'?)` : ""}`);
        } else if (!isCount(limit) || limit === 0) {
          problems.push(`'limits.${key}' must be a whole number of 1 or more`);
        }
      }
    }
  }
  const version = config.defaultSchemaVersion;
  if (version !== undefined && !SUPPORTED_SCHEMA_VERSIONS.includes(version as string)) {
    problems.push(
      `'defaultSchemaVersion' must be one of ${SUPPORTED_SCHEMA_VERSIONS.join(", ")}, got ${JSON.stringify(version)}`,
    );
  }
  return problems;
}

/** Reads and checks a config file; any problem is a ConfigError (exit 2) naming the file. */
export async function loadConfig(path: string, cwd: string): Promise<ParleyConfig> {
  let text: string;
  try {
    text = await readFile(resolve(cwd, path), "utf8");
  } catch (error) {
    throw new ConfigError(`cannot read config file '${path}': ${describeFsError(error)}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const offset = /position (\d+)/.exec(message)?.[1];
    const where = offset !== undefined ? `:${position(text, Number(offset))}` : "";
    throw new ConfigError(
      `config file '${path}${where}' is not valid JSON: ${message.replace(/ in JSON at position \d+.*$/, "")}`,
    );
  }
  const problems = checkConfig(value);
  if (problems.length > 0) {
    throw new ConfigError(
      `config file '${path}' is not valid:\n${problems.map((p) => `  - ${p}`).join("\n")}`,
      "Run 'parley explain' for the rule ids; see the README for the config keys.",
    );
  }
  return value as ParleyConfig;
}

/** The name `parley validate` looks for when no --config is given. */
export const CONFIG_FILE_NAME = "parley.config.json";

/**
 * The nearest parley.config.json: in `cwd` or the closest folder above it, as ESLint and Biome
 * find theirs. The walk ends at the file-system root.
 */
export function findConfigFile(cwd: string): string | undefined {
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    const candidate = join(dir, CONFIG_FILE_NAME);
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // Not here (or not readable as a directory entry): look further up.
    }
    if (dirname(dir) === dir) return undefined;
  }
}

/** The config in effect and where it came from (undefined: none, the defaults). */
export interface ResolvedConfig {
  path?: string;
  /** How the file was chosen: given with --config, or found from the working directory. */
  origin: "flag" | "discovered" | "none";
  config: ParleyConfig;
}

/**
 * The config a run uses: the file given with --config; else, unless `lookup` is false
 * (--no-config), the nearest parley.config.json from `cwd` upward; else none.
 */
export async function resolveConfig(
  flag: string | undefined,
  lookup: boolean,
  cwd: string,
): Promise<ResolvedConfig> {
  if (flag !== undefined)
    return { path: resolve(cwd, flag), origin: "flag", config: await loadConfig(flag, cwd) };
  const found = lookup ? findConfigFile(cwd) : undefined;
  if (found === undefined) return { origin: "none", config: {} };
  return { path: found, origin: "discovered", config: await loadConfig(found, cwd) };
}
