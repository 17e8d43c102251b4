import { z } from "zod";
import { ParleyRecord } from "./record";

export const SchemaVersion = z
  .string()
  .regex(/^\d+\.\d+$/)
  .meta({
    id: "SchemaVersion",
    description: "The version of the Parley standard the data follows, 'major.minor' ('1.0').",
  });

const metadata = {
  title: z.string().min(1).meta({ description: "The dataset's title." }),
  description: z
    .string()
    .min(1)
    .optional()
    .meta({ description: "What the dataset covers and how it was made." }),
  publisher: z.string().min(1).optional().meta({ description: "Who publishes the dataset." }),
  license: z
    .string()
    .min(1)
    .optional()
    .meta({ description: "An SPDX licence id ('CC-BY-4.0') or a licence URL." }),
  created: z.iso
    .date()
    .optional()
    .meta({ description: "When the dataset was created, YYYY-MM-DD." }),
  extensions: z
    .record(z.string(), z.unknown())
    .optional()
    .meta({ description: "Third-party metadata, kept verbatim." }),
};

/** The JSON document form: metadata and all records in one document. */
export const Dataset = z
  .strictObject({
    $schema: z
      .string()
      .optional()
      .meta({ description: "The JSON Schema of this document, for editors." }),
    schemaVersion: SchemaVersion,
    ...metadata,
    records: z.array(ParleyRecord).meta({ description: "The records, in any order." }),
  })
  .meta({
    id: "Dataset",
    title: "Parley dataset",
    description: "A Parley dataset as one JSON document.",
  });

/** The optional first line of the NDJSON form. */
export const DatasetHeader = z
  .strictObject({
    type: z.literal("dataset").meta({ description: "Marks the header line of an NDJSON dataset." }),
    schemaVersion: SchemaVersion,
    ...metadata,
  })
  .meta({
    id: "DatasetHeader",
    title: "Parley NDJSON header",
    description:
      "The first line of an NDJSON dataset: its version and metadata. Every other line is one record.",
  });

/** Any line of an NDJSON dataset: the header or a record. */
export const NdjsonLine = z.union([DatasetHeader, ParleyRecord]).meta({
  id: "NdjsonLine",
  title: "Parley NDJSON line",
  description: "One line of an NDJSON dataset.",
});

export type Dataset = z.infer<typeof Dataset>;
export type DatasetHeader = z.infer<typeof DatasetHeader>;
