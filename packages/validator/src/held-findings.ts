/**
 * Findings that must wait, in bounded memory. With `validateFileStream(…, { jobs })` the parts
 * of a file are validated at the same time, but a part's lines can only be numbered once every
 * part before it is done (its line count is known then). Until that moment a later part's
 * findings wait here: a few thousand in memory, the rest appended to a temporary file as NDJSON,
 * then read back in the order they came. A file where every line is broken thus costs disk,
 * not memory, whatever the number of workers.
 */
import { createReadStream } from "node:fs";
import { type FileHandle, mkdtemp, open, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Finding } from "./finding";
import { splitLines } from "./lines";

/** Findings kept in memory before the rest go to disk (a few MB of objects). */
const IN_MEMORY = 5_000;

export class HeldFindings {
  private memory: Finding[] = [];
  private file: FileHandle | undefined;
  private path: string | undefined;
  private directory: string | undefined;

  /** @param parent Where the temporary folder goes (default: the OS temporary directory). */
  constructor(private readonly parent = tmpdir()) {}

  /** Keeps a batch, spilling to disk past the in-memory allowance. */
  async add(batch: readonly Finding[]): Promise<void> {
    if (!this.file && this.memory.length + batch.length <= IN_MEMORY) {
      for (const finding of batch) this.memory.push(finding);
      return;
    }
    if (!this.file) {
      this.directory = await mkdtemp(join(this.parent, "parley-held-"));
      this.path = join(this.directory, "findings.ndjson");
      this.file = await open(this.path, "w");
      await this.append(this.memory);
      this.memory = [];
    }
    await this.append(batch);
  }

  private async append(findings: readonly Finding[]): Promise<void> {
    // One string per thousand findings: well under V8's string limit, few writes.
    for (let k = 0; k < findings.length; k += 1000) {
      let text = "";
      for (const finding of findings.slice(k, k + 1000)) text += `${JSON.stringify(finding)}\n`;
      await (this.file as FileHandle).write(text);
    }
  }

  /** Every finding kept, in the order added; then the temporary file is removed. */
  async *drain(): AsyncGenerator<Finding> {
    try {
      const memory = this.memory;
      this.memory = [];
      yield* memory;
      if (this.file) {
        await this.file.close();
        this.file = undefined;
        const decoder = new TextDecoder();
        for await (const line of splitLines(createReadStream(this.path as string)))
          yield JSON.parse(decoder.decode(line)) as Finding;
      }
    } finally {
      await this.dispose();
    }
  }

  /** Removes the temporary file, if any. Safe to call more than once. */
  async dispose(): Promise<void> {
    this.memory = [];
    await this.file?.close().catch(() => {});
    this.file = undefined;
    if (this.directory) await rm(this.directory, { recursive: true, force: true });
    this.directory = undefined;
  }
}
