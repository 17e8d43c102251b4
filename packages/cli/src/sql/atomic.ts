import { randomBytes } from "node:crypto";
import {
  accessSync,
  chmodSync,
  constants,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
} from "node:fs";
import { basename, dirname, join } from "node:path";
import { CliError, describeFsError } from "../errors";
import { ExitCode } from "../exit-codes";

/**
 * Writes `target` through a temporary sibling that is renamed over it only when `write`
 * succeeds: a failed or interrupted export leaves the old target, or nothing.
 * (Until the CLI's shared atomic-output helper lands, the database exports use this one.)
 */
export async function writeAtomically<T>(
  target: string,
  kind: "file" | "directory",
  write: (temporary: string) => Promise<T>,
): Promise<T> {
  const folder = dirname(target);
  try {
    if (!statSync(folder).isDirectory()) throw Object.assign(new Error(), { code: "ENOTDIR" });
    accessSync(folder, constants.W_OK);
  } catch (error) {
    throw new CliError(
      `cannot write '${target}': ${describeFsError(error)} (the folder '${folder}')`,
      ExitCode.Unreadable,
    );
  }
  const name = `.${basename(target)}.${randomBytes(4).toString("hex")}.tmp`;
  const temporary = join(folder, name);
  // Engines leave files beside their database (a lock, a write-ahead log): all start with the name.
  const cleanup = () => {
    for (const entry of readdirSync(folder))
      if (entry.startsWith(name)) rmSync(join(folder, entry), { recursive: true, force: true });
  };
  const onSignal = (signal: NodeJS.Signals) => {
    cleanup();
    process.kill(process.pid, signal);
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    const result = await write(temporary);
    try {
      // Engines create their files private (0600); the export gets the usual mode.
      if (kind === "file") chmodSync(temporary, 0o666 & ~process.umask());
      if (kind === "directory") rmSync(target, { recursive: true, force: true });
      renameSync(temporary, target);
      cleanup();
    } catch (error) {
      throw new CliError(
        `cannot write '${target}': ${describeFsError(error)}`,
        ExitCode.Unreadable,
      );
    }
    return result;
  } catch (error) {
    cleanup();
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    if (code === "ENOENT" || code === "EACCES" || code === "EPERM" || code === "ENOTDIR")
      throw new CliError(
        `cannot write '${target}': ${describeFsError(error)}`,
        ExitCode.Unreadable,
      );
    throw error;
  } finally {
    process.removeListener("SIGINT", onSignal);
    process.removeListener("SIGTERM", onSignal);
  }
}
