import { z } from "zod";
import {
  COMMENT_ANCHOR_MAX_LENGTH,
  COMMENT_BODY_MAX_LENGTH,
  COMMENT_MENTIONS_MAX,
  COMMENT_QUOTE_MAX_LENGTH,
  DOCUMENT_SEARCH_QUERY_MAX_LENGTH,
} from "../config.ts";
import { IdSchema } from "../documents/schema.ts";
import { textField } from "../validation.ts";

/** The request bodies of the comments API (ADR 031). Services parse with these; errors are 400 invalid_request naming the field. */

const Base64Anchor = z
  .string({ error: "Give the anchor as a base64 string." })
  .min(1, "Give the anchor as a base64 string.")
  .max(COMMENT_ANCHOR_MAX_LENGTH, "That anchor is too long to be one.")
  .regex(/^[A-Za-z0-9+/]+={0,2}$/, "The anchor is not base64.");

export const CommentBodySchema = textField({ error: "Write the comment." })
  .trim()
  .min(1, "Write the comment.")
  .max(COMMENT_BODY_MAX_LENGTH, `A comment is at most ${COMMENT_BODY_MAX_LENGTH.toLocaleString("en")} characters.`);

const MentionsSchema = z
  .array(IdSchema, { error: "Give the people mentioned as a list of user ids." })
  .max(COMMENT_MENTIONS_MAX, `Mention at most ${COMMENT_MENTIONS_MAX} people in one comment.`)
  .default([]);

export const CreateThreadSchema = z.object({
  /**
   * The range's start and end as Yjs relative positions (Y.encodeRelativePosition, base64) in
   * the editor's Y.Doc. Without it (a reader of the published version), the quote is looked
   * for in the draft.
   */
  anchor: z.object({ start: Base64Anchor, end: Base64Anchor }, { error: "Give the anchor as { start, end }." }).optional(),
  /** The selected text, as the commenter saw it. */
  quote: textField({ error: "Give the quoted text." })
    .min(1, "Select some text to comment on.")
    .max(COMMENT_QUOTE_MAX_LENGTH * 20, "Select less text to comment on.")
    .transform((q) => q.slice(0, COMMENT_QUOTE_MAX_LENGTH)),
  body: CommentBodySchema,
  /** Provider staff choose; a client's thread is always CLIENT, for their organisation. */
  visibility: z.enum(["INTERNAL", "CLIENT"], { error: "Visibility is INTERNAL or CLIENT." }).optional(),
  /** CLIENT threads: which client organisation sees it (default: the document's client, or the commenter's). */
  clientOrganizationId: IdSchema.optional(),
  mentions: MentionsSchema,
});
export type CreateThreadInput = z.infer<typeof CreateThreadSchema>;

export const ReplySchema = z.object({ body: CommentBodySchema, mentions: MentionsSchema });
export const EditCommentSchema = z.object({ body: CommentBodySchema, mentions: MentionsSchema });

export const MentionQuerySchema = z.object({
  q: textField().trim().max(DOCUMENT_SEARCH_QUERY_MAX_LENGTH, "That search is too long.").optional(),
});

export { IdSchema };
