import { SCHEMA_VERSION } from "@parley/schema/base";
import type { Command } from "../command";

export const migrate: Command = {
  name: "migrate",
  summary: "Upgrade a dataset to a newer version of the standard",
  usage: "parley migrate --to <version> [options] <file|->",
  description:
    "Upgrades a Parley dataset through the registered migration steps, one version at a time, and writes it to stdout or --output. NDJSON streams line by line in constant memory (give --format ndjson when reading stdin); a JSON document is parsed whole, then written record by record. Nothing is dropped: a field that the new version has no place for is kept in its record's `extensions` under a key naming its origin, and every such field is reported on stderr. The dataset's schemaVersion (or a record's own) says where to start; --from gives it when the data does not.",
  options: {
    to: {
      type: "string",
      valueName: "<version>",
      description: `Target version, e.g. ${SCHEMA_VERSION}, or 'latest'.`,
    },
    from: {
      type: "string",
      valueName: "<version>",
      description: "Version of data that does not declare schemaVersion.",
    },
    output: {
      type: "string",
      short: "o",
      valueName: "<file>",
      description: "Write the upgraded dataset here instead of stdout (replaced only on success).",
    },
    format: {
      type: "string",
      valueName: "json|ndjson",
      description: "Input form, when the file name does not say (.json, .ndjson, .jsonl).",
    },
    report: {
      type: "string",
      valueName: "text|json",
      description: "Form of the report on stderr (default text).",
    },
  },
  examples: [
    "parley migrate --to latest seed.json > seed-latest.json",
    "parley migrate --to 1.1 --output big-1.1.ndjson big.ndjson",
    "cat data.ndjson | parley migrate --to 1.1 --from 1.0 -",
  ],
  async run(args, ctx) {
    // The body and what it alone needs load when the command runs: the others start without it.
    return (await import("./migrate-run")).runMigrate(args, ctx);
  },
};
