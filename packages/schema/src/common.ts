import { z } from "zod";
import { Citations } from "./citation";
import { CodingProvenance } from "./coding";
import { Extensions, Id } from "./primitives";

/** Fields every record has. `type` is the discriminator; each record type adds its literal. */
export function recordBase<T extends string>(type: T) {
  return {
    type: z.literal(type).meta({ description: `Record type discriminator: always '${type}'.` }),
    id: Id,
    schemaVersion: z
      .string()
      .regex(/^\d+\.\d+$/)
      .optional()
      .meta({
        description:
          "The version of the standard this record follows, 'major.minor'. Optional inside a dataset that names its version; required for a record that travels alone.",
      }),
    citations: Citations,
    extensions: Extensions.optional(),
    // Since 1.2 (PLOVER's coder/version/dateCoded, PROV attribution).
    coding: CodingProvenance.optional().meta({
      description:
        "Since 1.2. Who made this record, when, how and under which codebook: by hand, by an importer, by a model.",
    }),
  };
}
