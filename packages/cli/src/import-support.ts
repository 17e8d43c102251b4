import { type Stats, statSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { isAbsolute, join, relative, resolve } from "node:path";
import type { ImportSummary } from "@parley/importers";
import { describeFsError, UnreadableInputError, UsageError } from "./errors";

/**
 * What `parley import` needs besides the importers: inputs found in folders (recursively), and
 * the policy that makes an import that produced nothing, or too little, a failure.
 */

/**
 * Files given on the command line, with folders searched recursively for files with one of
 * `extensions` (sorted by path, so runs are reproducible). Hidden files and folders are left out.
 */
export async function expandImportInputs(
  inputs: readonly string[],
  extensions: readonly string[],
  cwd: string,
): Promise<string[]> {
  const files: string[] = [];
  for (const input of inputs) {
    const path = resolve(cwd, input);
    let stats: Stats;
    try {
      stats = statSync(path);
    } catch (error) {
      throw new UnreadableInputError(`${input}: ${describeFsError(error)}`);
    }
    if (!stats.isDirectory()) {
      files.push(path);
      continue;
    }
    const found = await filesUnder(path, extensions);
    if (found.length === 0)
      throw new UnreadableInputError(
        `${input}: a folder with no ${extensions.join(" or ")} file (searched with its subfolders)`,
      );
    files.push(...found);
  }
  // Named as the user would (summary, warnings), when they can be opened that way.
  if (resolve(cwd) !== process.cwd()) return files;
  return files.map((file) => {
    const near = relative(cwd, file);
    return near && !near.startsWith("..") && !isAbsolute(near) ? near : file;
  });
}

async function filesUnder(folder: string, extensions: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  const entries = await readdir(folder, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (entry.name.startsWith(".")) continue;
    const path = join(folder, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(path, extensions)));
    else if (extensions.some((ext) => entry.name.toLowerCase().endsWith(ext.toLowerCase())))
      out.push(path);
  }
  return out;
}

/** A limit on skipped items: a count ("25") or a share of the items read ("0.05", "5%"). */
export type SkipLimit = { count: number } | { ratio: number };

export function parseSkipLimit(text: string): SkipLimit {
  const value = text.trim();
  const percent = /^(\d+(?:\.\d+)?)%$/.exec(value);
  if (percent) return { ratio: Number(percent[1]) / 100 };
  if (/^\d+$/.test(value)) return { count: Number(value) };
  if (/^0?\.\d+$|^1(?:\.0+)?$/.test(value)) return { ratio: Number(value) };
  throw new UsageError(
    `--max-skipped takes a count (25), a ratio (0.05) or a percentage (5%), not '${text}'`,
  );
}

export function parseMinRecords(text: string): number {
  if (!/^\d+$/.test(text.trim()))
    throw new UsageError(`--min-records takes a whole number, not '${text}'`);
  return Number(text.trim());
}

/**
 * Why an import failed its policy, or undefined when it passed. An import that imported
 * nothing always fails, whatever the options: a run that imported nothing has failed.
 */
export function importVerdict(
  summary: ImportSummary,
  /** The summary's skipped items, all reasons (the importers' `skippedTotal`). */
  skipped: number,
  policy: { minRecords?: number; maxSkipped?: SkipLimit },
): string | undefined {
  if (summary.imported === 0) {
    const reasons = Object.entries(summary.skipped)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 5)
      .map(([reason, n]) => `${n} ${reason}`);
    const files = summary.files.filter((file) => file.skipped);
    const first = files[0];
    const why = [
      ...(summary.read === 0 ? ["no source items were read"] : []),
      ...reasons,
      ...(first
        ? [
            `${files.length} file${files.length === 1 ? "" : "s"} not of this source's shape (${first.file}: ${first.skipped}${files.length > 1 ? "; …" : ""})`,
          ]
        : []),
    ];
    return `nothing imported (read ${summary.read}, skipped ${skipped}${why.length ? `: ${why.join("; ")}` : ""})`;
  }
  if (policy.minRecords !== undefined && summary.imported < policy.minRecords)
    return `imported ${summary.imported}, fewer than --min-records ${policy.minRecords}`;
  const limit = policy.maxSkipped;
  if (limit && "count" in limit && skipped > limit.count)
    return `skipped ${skipped}, more than --max-skipped ${limit.count}`;
  if (limit && "ratio" in limit && summary.read > 0 && skipped / summary.read > limit.ratio)
    return `skipped ${skipped} of ${summary.read} (${((100 * skipped) / summary.read).toFixed(1)} %), more than --max-skipped ${(limit.ratio * 100).toFixed(1)} %`;
  return undefined;
}
