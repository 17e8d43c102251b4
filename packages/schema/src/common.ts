import { z } from "zod";
import { Citations } from "./citation";
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
  };
}
