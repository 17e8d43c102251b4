import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

// The README's example is code users copy: it must run, and build what it says it builds.
const readme = readFileSync(fileURLToPath(new URL("../README.md", import.meta.url)), "utf8");
const sdkEntry = fileURLToPath(new URL("../src/index.ts", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "parley-readme-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("README example", () => {
  const example = /```ts\n([\s\S]*?)```/.exec(readme)?.[1] ?? "";

  it("is at most 15 lines", () => {
    expect(example.trimEnd().split("\n").length).toBeLessThanOrEqual(15);
  });

  it("builds the seed's meeting and loads it into a dataset", async () => {
    const file = join(dir, "example.ts");
    writeFileSync(
      file,
      `${example.replace('"@parley/sdk"', JSON.stringify(sdkEntry))}\nexport { dataset, meeting };\n`,
    );
    const { meeting, dataset } = await import(pathToFileURL(file).href);
    const seed = JSON.parse(
      readFileSync(
        fileURLToPath(new URL("../../../examples/seed/seed.json", import.meta.url)),
        "utf8",
      ),
    );
    const seedMeeting = seed.records.find(
      (record: { id: string }) => record.id === "event:moscow-meeting",
    );
    expect(meeting.id).toBe(seedMeeting.id);
    expect(meeting.date).toEqual({ ...seedMeeting.date, basis: meeting.date.basis });
    expect(meeting.location).toEqual(seedMeeting.location);
    expect(meeting.participants[1].represents).toEqual(seedMeeting.participants[1].represents);
    expect(dataset.problems).toEqual([]);
    expect(dataset.eventsByParticipant({ country: "KAZ" })).toEqual([meeting]);
  });
});
