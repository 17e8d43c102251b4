import { z } from "zod";
import { OrganizationRef, PersonRef } from "./actor";
import { CODING_METHODS } from "./codelists";

/**
 * Since 1.2: who coded a record (or one code of it), when, how and under which codebook. The
 * fields follow PLOVER's own record metadata (`coder`, `version`, `dateCoded`) and W3C PROV's
 * attribution (`prov:wasAttributedTo`, `prov:generatedAtTime`); `method` says what PLOVER leaves
 * implicit: whether a person or a program made the call.
 */
export const Coder = z
  .union([
    z.strictObject({ person: PersonRef }),
    z.strictObject({ organization: OrganizationRef }),
    z.strictObject({
      name: z.string().min(1).meta({
        description:
          "The coder's name when it has no record: a person, a team ('Parus Analytics'), a project.",
      }),
    }),
  ])
  .meta({
    id: "Coder",
    description: "Who coded: a person record, an organization record, or a name.",
  });

export const CodingProvenance = z
  .strictObject({
    method: z.enum(CODING_METHODS).optional().meta({
      description:
        "How: 'manual' (a person read the source and coded it), 'automated' (a program or a model coded it and nobody reviewed the result), 'assisted' (a program or a model proposed it and a person reviewed or corrected it). Absent when whoever supplied the coding does not say (PLOVER records name their coder, not the method).",
      "x-parley-codelist": "closed",
    }),
    coder: Coder.optional().meta({
      description:
        "Who is responsible for the coding: the person or team, also when a program did the work.",
    }),
    tool: z.string().min(1).optional().meta({
      description:
        "For 'automated' and 'assisted': the program or model and its version ('PETRARCH2', 'gpt-4o-2024-08-06', '@parley/importers 1.2.0').",
    }),
    codebook: z.string().min(1).optional().meta({
      description:
        "The codebook or coding rules, with their version: 'CAMEO 1.1b3', 'PLOVER 0.5b1', 'Parley 1.2'.",
    }),
    date: z.iso.date().optional().meta({
      description: "When it was coded, YYYY-MM-DD (PLOVER 'dateCoded').",
    }),
  })
  .meta({
    id: "CodingProvenance",
    description:
      "Since 1.2. Who coded, when, how (by hand, by a program or a model, or a model reviewed by a person) and under which codebook.",
  });

const codingDetails = {
  coding: CodingProvenance.optional().meta({
    description:
      "Who assigned this code, when, how and under which codebook, when it differs from the record's own `coding`.",
  }),
};

/**
 * Since 1.2: one code of an event coding scheme. 1.0's `codes` holds one CAMEO and one PLOVER
 * code on events only; `codings` holds any number, on events and quotes, each with its own
 * provenance. One variant per scheme, so each code is checked against its scheme's shape.
 */
export const Coding = z
  .union([
    z.strictObject({
      scheme: z
        .literal("cameo")
        .meta({ description: "CAMEO (Conflict and Mediation Event Observations)." }),
      code: z
        .string()
        .regex(/^\d{2,4}$/)
        .meta({ description: "CAMEO event code, e.g. '040' or '0421'." }),
      ...codingDetails,
    }),
    z.strictObject({
      scheme: z.literal("plover").meta({
        description: "PLOVER (Political Language Ontology for Verifiable Event Records).",
      }),
      code: z
        .string()
        .regex(/^[A-Z]+$/)
        .meta({ description: "PLOVER event type, e.g. 'CONSULT'." }),
      mode: z.string().min(1).optional().meta({
        description: "PLOVER mode of the event type, e.g. 'visit', 'third-party'.",
      }),
      context: z
        .array(z.string().min(1))
        .min(1)
        .optional()
        .meta({ description: "PLOVER contexts, e.g. ['diplomatic', 'economic']." }),
      ...codingDetails,
    }),
  ])
  .meta({
    id: "Coding",
    description:
      "Since 1.2. One code of an event coding scheme (CAMEO or PLOVER), with who assigned it.",
  });

export const Codings = z.array(Coding).min(1).optional().meta({
  description:
    "Since 1.2. Codes of event coding schemes, any number per scheme, each with its provenance. Prefer it to `codes` (events only, one code per scheme); a record that has both repeats `codes` here.",
});
