import { z } from "zod";
import { DATE_PARTS } from "./codelists";
import { isRealPartialDate, PARTIAL_DATE_PATTERN } from "./partial-date";

export { daysInMonth, isRealPartialDate, PARTIAL_DATE_PATTERN } from "./partial-date";

/**
 * Dates as the news reports them are often partial ("on November 17", "in 2022") and
 * qualified. The standard stores the stated precision (year, year-month or day, the
 * calendar-date subset of EDTF level 0) plus the EDTF level 1 qualifiers as flags, and
 * adds one thing EDTF lacks: which parts were inferred from context rather than printed.
 */
export const PartialDate = z
  .strictObject({
    value: z
      .string()
      .regex(PARTIAL_DATE_PATTERN)
      .refine(isRealPartialDate, { message: "No such day in the calendar" })
      .meta({
        description:
          "The date at the precision the source gives: 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD'. It must exist in the calendar (no 2022-02-30). JSON Schema checks the shape; the day-in-month check is a refinement that only zod and the validator make.",
      }),
    approximate: z.boolean().optional().meta({
      description:
        "The source gives the date as approximate ('around', 'early November'); EDTF '~'.",
    }),
    uncertain: z.boolean().optional().meta({
      description: "The source is unsure of the date or sources disagree; EDTF '?'.",
    }),
    inferred: z
      .array(z.enum(DATE_PARTS).meta({ "x-parley-codelist": "closed" }))
      .min(1)
      .optional()
      .meta({
        description:
          "Parts of the date that are not printed in the source but inferred from context, e.g. ['year'] when an article says only 'on November 17'.",
      }),
    basis: z.string().min(1).optional().meta({
      description: "Why the inferred parts have the value they have, in a sentence.",
    }),
  })
  .meta({
    id: "PartialDate",
    description:
      "A calendar date at year, month or day precision, with EDTF level 1 qualifiers (approximate, uncertain) and a record of which parts were inferred.",
  });

export type PartialDate = z.infer<typeof PartialDate>;
