import { z } from "zod";
import { OrganizationRef } from "./actor";
import { Citations } from "./citation";
import { PartialDate } from "./date";
import { CountryCode } from "./primitives";

/** A member of an organization or a format: a country or an organization, over a span of time. */
export const Member = z
  .union([
    z.strictObject({
      country: CountryCode,
      since: PartialDate.optional(),
      until: PartialDate.optional(),
      citations: Citations,
    }),
    z.strictObject({
      organization: OrganizationRef,
      since: PartialDate.optional(),
      until: PartialDate.optional(),
      citations: Citations,
    }),
  ])
  .meta({
    id: "Member",
    description: "A member country or organization, with optional membership dates.",
  });
