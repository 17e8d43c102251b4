import { z } from "zod";
import { OrganizationRef, PersonRef, PostRef, Represents, UnresolvedActor } from "./actor";
import { Citations } from "./citation";
import { PARTICIPANT_SIDES } from "./codelists";
import { Extensions } from "./primitives";

const participantDetails = {
  role: z.string().min(1).optional().meta({
    description:
      "The participant's role title in this event, as the source gives it ('Minister of Foreign Affairs', 'Ambassador to Russia').",
  }),
  side: z.enum(PARTICIPANT_SIDES).optional().meta({
    description: "The participant's side: host, guest, mediator or attendee.",
    "x-parley-codelist": "closed",
  }),
  represents: Represents.optional(),
  // Since 1.2: the office in which the participant took part (Popolo Membership.post_id).
  post: PostRef.optional().meta({
    description:
      "Since 1.2. The post (office) in which the participant took part: the same record across events, whether or not the holder is named.",
  }),
  citations: Citations,
  extensions: Extensions.optional(),
};

/**
 * A participant is exactly one of a person, an organization or an unresolved actor. The three
 * variants are closed objects, so a participant naming two of them fails in zod and in JSON
 * Schema alike.
 */
export const Participant = z
  .union([
    z.strictObject({ person: PersonRef, ...participantDetails }),
    z.strictObject({ organization: OrganizationRef, ...participantDetails }),
    z.strictObject({ unresolved: UnresolvedActor, ...participantDetails }),
  ])
  .meta({
    id: "Participant",
    description:
      "Somebody taking part in an event: a person, an organization, or an unresolved participant known only by name or description; with role, side and whom they represent.",
  });
