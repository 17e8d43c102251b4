import type {
  Citation as CitationSchema,
  CodingProvenance as CodingProvenanceSchema,
  Participant as ParticipantSchema,
} from "@parley/schema";
import type { z } from "zod";

/** Types of the standard's sub-objects that @parley/schema exports only as schemas. */
export type Participant = z.infer<typeof ParticipantSchema>;
export type Citation = z.infer<typeof CitationSchema>;
export type CodingProvenance = z.infer<typeof CodingProvenanceSchema>;
