import type { Command } from "../command";

export const schemaDiff: Command = {
  name: "schema diff",
  summary: "Compare two versions of the standard and classify every change",
  usage: "parley schema diff [--json] <old> <new>",
  description:
    "Compares the JSON Schemas of two versions of the standard and classifies every change as breaking for datasets (a required field added, a field removed or renamed, a type narrowed, an enum value removed, a value added to a closed codelist, a pattern tightened, additional properties closed…) or compatible (an optional field added, a value added to an open codelist, a description changed). <old> and <new> are versions this parley ships (1.0, latest), folders of *.schema.json files, or two schema files. Exits 1 when a change is breaking, so CI can gate on it.",
  options: {
    json: { type: "boolean", description: "Print the report as JSON." },
  },
  examples: ["parley schema diff 1.0 latest", "parley schema diff --json 1.0 ./json-schema/1.1"],
  async run(args, ctx) {
    // The body and what it alone needs load when the command runs: the others start without it.
    return (await import("./schema-diff-run")).runSchemaDiff(args, ctx);
  },
};
