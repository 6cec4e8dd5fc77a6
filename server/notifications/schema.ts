import { z } from "zod";

/** A notification's id in a path: a cuid, never anything long enough to matter. */
export const NotificationIdSchema = z.string().trim().min(1).max(64).regex(/^[a-z0-9]+$/, "not a notification id");
