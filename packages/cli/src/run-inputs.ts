import { stat } from "node:fs/promises";
import type { Readable } from "node:stream";
import {
  type Finding,
  type ValidateOptions,
  type ValidationSummary,
  validateStream,
} from "@parley/validator";
import type { ValidateSettings } from "./commands/validate";
import { CliError } from "./errors";
import { guardReads, InputReadError, openFile, STDIN_NAME, spooledStdin } from "./inputs";

export type InputOutcome =
  | {
      kind: "validated";
      findings: Finding[];
      summary: ValidationSummary;
      /** Where the input's bytes can be read again for code frames (a temp copy for stdin). */
      sourcePath?: string;
      dispose?: () => Promise<void>;
    }
  | { kind: "unreadable"; name: string; message: string; dispose?: undefined };

export interface RunHooks {
  /** Keep a copy of stdin for code frames. */
  keepStdin: boolean;
  /** Called once before reading, with the total bytes of the inputs when known (for the bar). */
  onStart(totalBytes: number | undefined): void;
  onProgress(input: number, bytes: number, records: number): void;
}

/**
 * Validates every input, in the order given, and returns one outcome per input. An input that
 * cannot be read becomes an "unreadable" outcome (exit code 3) and the others are still
 * validated: one missing file must not hide the findings of the rest.
 */
export async function validateInputs(
  settings: ValidateSettings,
  stdin: Readable,
  hooks: RunHooks,
): Promise<InputOutcome[]> {
  const outcomes: InputOutcome[] = [];
  hooks.onStart(await knownTotalBytes(settings));
  for (const [index, spec] of settings.inputs.entries()) {
    const options: ValidateOptions = {
      ...settings.options,
      file: spec.name,
      onProgress: ({ bytes, records }) => hooks.onProgress(index, bytes, records),
    };
    let chunks: AsyncIterable<Uint8Array>;
    let sourcePath: string | undefined;
    let dispose: (() => Promise<void>) | undefined;
    try {
      if (spec.path === undefined) {
        if (hooks.keepStdin) {
          const spool = await spooledStdin(stdin);
          chunks = spool.chunks;
          sourcePath = spool.path;
          dispose = spool.dispose;
        } else {
          chunks = guardReads(stdin, STDIN_NAME);
        }
      } else {
        const file = await openFile({ ...spec, path: spec.path });
        chunks = file.chunks;
        sourcePath = spec.path;
        dispose = file.close;
      }
      const run = validateStream(chunks, options);
      const findings: Finding[] = [];
      for await (const finding of run) findings.push(finding);
      outcomes.push({
        kind: "validated",
        findings,
        summary: await run.summary,
        sourcePath,
        dispose,
      });
    } catch (error) {
      await dispose?.();
      if (error instanceof InputReadError) {
        outcomes.push({ kind: "unreadable", name: spec.name, message: error.message });
        continue;
      }
      if (error instanceof CliError) throw error;
      throw error;
    }
  }
  return outcomes;
}

/**
 * The bytes the progress bar will count, when they are known in advance: plain files only
 * (stdin has no size; the validator counts a gzip file's decompressed bytes).
 */
async function knownTotalBytes(settings: ValidateSettings): Promise<number | undefined> {
  let total = 0;
  for (const spec of settings.inputs) {
    if (spec.path === undefined || /\.gz$/i.test(spec.path)) return undefined;
    try {
      total += (await stat(spec.path)).size;
    } catch {
      // Unreadable: reported when it is opened; it adds nothing to read.
    }
  }
  return total;
}
