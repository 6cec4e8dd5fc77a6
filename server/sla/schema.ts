import { z } from "zod";
import { blankToUndefined } from "../validation.ts";

/** How far back the PM may date a wait they record late (ADR 041): long enough for a week away, short enough to be remembered. */
export const WAIT_BACKDATE_MAX_DAYS = 10;

/** When a wait started, or the client answered, as the PM records it late: an ISO 8601 instant (validated against the deliverable by server/sla/waits.ts). */
export const EffectiveAtSchema = z.preprocess(
  blankToUndefined,
  z.iso
    .datetime({ offset: true, error: "Give the time as an ISO 8601 date and time, like 2026-12-07T09:30:00Z." })
    .transform((v) => new Date(v))
    .optional(),
);
