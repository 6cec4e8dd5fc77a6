import { z } from "zod";
import { DaySchema, NUL_REFUSED, blankToUndefined, containsNul, enumFilter, pageSchema, pageSizeSchema, textField } from "../validation.ts";
import { documentDepthExceeds } from "./derive.ts";
import {
  DIFF_CONTEXT_MAX,
  DOCUMENT_INITIAL_CONTENT_MAX_LENGTH,
  DOCUMENT_JURISDICTIONS_MAX,
  DOCUMENT_JURISDICTION_MAX_LENGTH,
  DOCUMENT_LIST_PAGE_SIZE,
  DOCUMENT_LIST_PAGE_SIZE_MAX,
  DOCUMENT_OWNER_ROLE_MAX_LENGTH,
  DOCUMENT_PRACTICE_AREA_MAX_LENGTH,
  DOCUMENT_REVIEW_INTERVAL_MONTHS_MAX,
  DOCUMENT_SEARCH_QUERY_MAX_LENGTH,
  DOCUMENT_SHARES_MAX,
  DOCUMENT_SLUG_MAX_LENGTH,
  DOCUMENT_SUMMARY_MAX_LENGTH,
  DOCUMENT_TAGS_MAX,
  DOCUMENT_TAG_MAX_LENGTH,
  DOCUMENT_TITLE_MAX_LENGTH,
  EFFECTIVE_DATE_MAX_YEARS,
  PROMOTION_COUNTERPARTIES_MAX,
  PROMOTION_TERMS_MAX,
  PROMOTION_TERM_MAX_LENGTH,
  MAX_DOCUMENT_DEPTH,
  REVIEWERS_MAX,
  REVIEWS_DUE_SOON_DAYS,
  REVIEWS_DUE_WITHIN_DAYS_MAX,
  REVIEW_TEXT_MAX_LENGTH,
  TOOLKIT_ITEMS_MAX,
  VERSION_NAME_MAX_LENGTH,
} from "../config.ts";

export const DOCUMENT_KINDS = ["PLAYBOOK", "TOOLKIT", "TEMPLATE", "PRECEDENT"] as const;
export const DOCUMENT_STATUSES = ["DRAFT", "IN_REVIEW", "PUBLISHED", "ARCHIVED"] as const;
export const VISIBILITIES = ["INTERNAL", "SHARED"] as const;

export const DocumentKindSchema = z.enum(DOCUMENT_KINDS, { error: "Choose a kind: playbook, toolkit, template or precedent." });
export const DocumentStatusSchema = z.enum(DOCUMENT_STATUSES, { error: "Choose a status: draft, in review, published or archived." });
export const VisibilitySchema = z.enum(VISIBILITIES, { error: "Choose a visibility: internal or shared." });

export type DocumentKind = z.infer<typeof DocumentKindSchema>;
export type DocumentStatus = z.infer<typeof DocumentStatusSchema>;
export type Visibility = z.infer<typeof VisibilitySchema>;

export const IdSchema = textField({ error: "Give an id." }).trim().min(1, "Give an id.").max(64, "That id is too long.");

/** "" and whitespace-only strings count as absent (empty form fields, `?tag=` in a query). */
/** Lists arrive as arrays (JSON) or as one comma-separated string (a form's text field). */
const commaList = (v: unknown) => (typeof v === "string" ? v.split(",") : v);

/** Trimmed, blanks dropped, duplicates (ignoring case) dropped, order kept. */
function listOf(what: string, max: number, maxLength: number) {
  return z.preprocess(
    commaList,
    z
      .array(textField({ error: `Each ${what} is text.` }).trim().max(maxLength, `Keep each ${what} to ${maxLength} characters.`), {
        error: `Give the ${what}s as a list.`,
      })
      .transform((items) => {
        const seen = new Set<string>();
        return items.filter((item) => {
          const key = item.toLowerCase();
          if (!item || seen.has(key)) return false;
          seen.add(key);
          return true;
        });
      })
      .pipe(z.array(textField()).max(max, `Use at most ${max} ${what}s.`)),
  );
}

export const TitleSchema = textField({ error: "Give the document a title." })
  .trim()
  .min(1, "Give the document a title.")
  .max(DOCUMENT_TITLE_MAX_LENGTH, `Keep the title to ${DOCUMENT_TITLE_MAX_LENGTH} characters.`);
const SummarySchema = textField({ error: "The summary is text." })
  .trim()
  .max(DOCUMENT_SUMMARY_MAX_LENGTH, `Keep the summary to ${DOCUMENT_SUMMARY_MAX_LENGTH} characters.`);
/** null or "" clears it. */
export const PracticeAreaSchema = z.preprocess(
  (v) => (typeof v === "string" && v.trim() === "" ? null : v),
  textField({ error: "The practice area is text." })
    .trim()
    .max(DOCUMENT_PRACTICE_AREA_MAX_LENGTH, `Keep the practice area to ${DOCUMENT_PRACTICE_AREA_MAX_LENGTH} characters.`)
    .nullable(),
);
/** A library file's name without `.md`: the stable key an import matches on (unique per organisation). */
export const DocumentSlugSchema = textField({ error: "The slug is text." })
  .max(DOCUMENT_SLUG_MAX_LENGTH, `Keep the slug to ${DOCUMENT_SLUG_MAX_LENGTH} characters.`)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "A slug is lower-case letters and digits joined by single hyphens (nda-england-wales).");
/** The role that maintains a document ("Knowledge lawyer, commercial"): a role outlives the person. */
export const OwnerRoleSchema = textField({ error: "The owner role is text." })
  .trim()
  .min(1, "Give the owner role, or leave it out.")
  .max(DOCUMENT_OWNER_ROLE_MAX_LENGTH, `Keep the owner role to ${DOCUMENT_OWNER_ROLE_MAX_LENGTH} characters.`);
export const ReviewIntervalMonthsSchema = z
  .number({ error: "The review interval is a number of months." })
  .int("The review interval is a whole number of months.")
  .min(1, "Review at least every month, or leave the interval out.")
  .max(DOCUMENT_REVIEW_INTERVAL_MONTHS_MAX, `Review at least every ${DOCUMENT_REVIEW_INTERVAL_MONTHS_MAX} months.`);

const JurisdictionsSchema = listOf("jurisdiction", DOCUMENT_JURISDICTIONS_MAX, DOCUMENT_JURISDICTION_MAX_LENGTH);
const TagsSchema = listOf("tag", DOCUMENT_TAGS_MAX, DOCUMENT_TAG_MAX_LENGTH);
const SharesSchema = z
  .array(IdSchema, { error: "Give the client organisations as a list of ids." })
  .max(DOCUMENT_SHARES_MAX, `Share with at most ${DOCUMENT_SHARES_MAX} client organisations.`)
  .transform((ids) => [...new Set(ids)]);

/** A ProseMirror document as JSON: checked here for shape and size, in depth by the schema when it becomes a Y.Doc. */
export const ProseMirrorDocSchema = z
  .looseObject({
    type: z.literal("doc", { error: "Content JSON must be a ProseMirror document ({ type: \"doc\" })." }),
    content: z.array(z.unknown()).optional(),
  })
  // Depth first, without recursion: JSON.stringify and the schema check after it recurse.
  .refine((doc) => !documentDepthExceeds(doc), { message: `Nest the content's nodes at most ${MAX_DOCUMENT_DEPTH} levels deep.`, abort: true })
  .refine((doc) => JSON.stringify(doc).length <= DOCUMENT_INITIAL_CONTENT_MAX_LENGTH, {
    message: `Send at most ${DOCUMENT_INITIAL_CONTENT_MAX_LENGTH} characters of content.`,
  })
  .refine((doc) => !containsNul(doc), { message: NUL_REFUSED });
export type ProseMirrorDoc = z.infer<typeof ProseMirrorDocSchema>;

const MarkdownContentSchema = textField({ error: "Markdown content is text." })
  .max(DOCUMENT_INITIAL_CONTENT_MAX_LENGTH, `Send at most ${DOCUMENT_INITIAL_CONTENT_MAX_LENGTH} characters of content.`);

/** New content for an existing document (a library import over it): Markdown or ProseMirror JSON. */
export const DocumentContentSchema = z.union(
  [z.strictObject({ markdown: MarkdownContentSchema }), z.strictObject({ json: ProseMirrorDocSchema })],
  { error: "Send the content as markdown or as json, not both." },
);

/** A client's material is confidential, or privileged (labelled as such everywhere it is shown). */
export const ClientConfidentialitySchema = z.enum(["CLIENT_CONFIDENTIAL", "PRIVILEGED"], {
  error: "Client material is CLIENT_CONFIDENTIAL or PRIVILEGED.",
});

/** A calendar day (YYYY-MM-DD, as a date field sends it) at 00:00 UTC, within EFFECTIVE_DATE_MAX_YEARS of today. */
const EffectiveDateSchema = DaySchema.refine(
  (date) => Math.abs(date.getTime() - Date.now()) / (365.25 * 24 * 3600 * 1000) <= EFFECTIVE_DATE_MAX_YEARS,
  `Choose an effective date within ${EFFECTIVE_DATE_MAX_YEARS} years of today.`,
);

const LawStatedAtSchema = EffectiveDateSchema.refine((date) => date.getTime() <= Date.now(), "The law can be stated as at today or an earlier day, not a later one.");

export const DocumentCreateSchema = z
  .strictObject({
    kind: DocumentKindSchema,
    title: TitleSchema,
    summary: z.preprocess(blankToUndefined, SummarySchema.optional()).transform((v) => v ?? ""),
    practiceArea: PracticeAreaSchema.optional().transform((v) => v ?? null),
    jurisdictions: JurisdictionsSchema.optional().transform((v) => v ?? []),
    tags: TagsSchema.optional().transform((v) => v ?? []),
    status: z
      .preprocess(blankToUndefined, DocumentStatusSchema.exclude(["ARCHIVED"], { error: "A new document is a draft, in review or published." }).optional())
      .transform((v) => v ?? "DRAFT"),
    visibility: z.preprocess(blankToUndefined, VisibilitySchema.optional()).transform((v) => v ?? "INTERNAL"),
    sharedWithOrganizationIds: SharesSchema.optional().transform((v) => v ?? []),
    slug: DocumentSlugSchema.nullable().optional().transform((v) => v ?? null),
    ownerRole: OwnerRoleSchema.nullable().optional().transform((v) => v ?? null),
    reviewIntervalMonths: ReviewIntervalMonthsSchema.nullable().optional().transform((v) => v ?? null),
    /** "Law stated as at" a library file vouches for (its front matter); a publication sets it otherwise (ADR 018). */
    lawStatedAt: LawStatedAtSchema.nullable().optional().transform((v) => v ?? null),
    markdown: MarkdownContentSchema.optional(),
    json: ProseMirrorDocSchema.optional(),
    /** Client material of this mandate's client (ADR 013); without it, house knowledge. */
    mandateId: z.preprocess(blankToUndefined, IdSchema.optional()),
    confidentiality: z.preprocess(blankToUndefined, ClientConfidentialitySchema.optional()),
  })
  .superRefine((input, ctx) => {
    if (input.confidentiality !== undefined && input.mandateId === undefined) {
      ctx.addIssue({ code: "custom", path: ["confidentiality"], message: "House knowledge has no client marking: give the mandate it is for." });
    }
    if (input.markdown !== undefined && input.json !== undefined) {
      ctx.addIssue({ code: "custom", path: ["json"], message: "Send the content as markdown or as json, not both." });
    }
    if (input.visibility === "INTERNAL" && input.sharedWithOrganizationIds.length > 0) {
      ctx.addIssue({
        code: "custom",
        path: ["sharedWithOrganizationIds"],
        message: "Make the document shared before choosing client organisations.",
      });
    }
  });
export type DocumentCreateInput = z.infer<typeof DocumentCreateSchema>;

/** A PATCH: only the fields sent change. */
export const DocumentUpdateSchema = z
  .strictObject({
    title: TitleSchema.optional(),
    summary: SummarySchema.optional(),
    practiceArea: PracticeAreaSchema.optional(),
    jurisdictions: JurisdictionsSchema.optional(),
    tags: TagsSchema.optional(),
    status: DocumentStatusSchema.optional(),
    visibility: VisibilitySchema.optional(),
    sharedWithOrganizationIds: SharesSchema.optional(),
    /** null clears them. */
    slug: DocumentSlugSchema.nullable().optional(),
    ownerRole: OwnerRoleSchema.nullable().optional(),
    reviewIntervalMonths: ReviewIntervalMonthsSchema.nullable().optional(),
    lawStatedAt: LawStatedAtSchema.nullable().optional(),
    /** Client material only: confidential or privileged. */
    confidentiality: ClientConfidentialitySchema.optional(),
    /** Admins only: the provider's VIEWERs who read it may suggest on its draft (ADR 032). */
    viewersMaySuggest: z.boolean().optional(),
    /** Whoever may update it: the members of its client may suggest on its draft; a deliverable's document only (ADR 032). */
    clientMaySuggest: z.boolean().optional(),
  })
  .refine((input) => Object.values(input).some((v) => v !== undefined), { message: "Send at least one field to change." });
export type DocumentUpdateInput = z.infer<typeof DocumentUpdateSchema>;

export const DOCUMENT_SORTS = ["updated", "created", "title"] as const;

/** The library's filters, from a query string (every value a string) or a typed caller. */
export const DocumentListQuerySchema = z.object({
  kind: z.preprocess(blankToUndefined, enumFilter(DocumentKindSchema).optional()),
  status: z.preprocess(blankToUndefined, enumFilter(DocumentStatusSchema).optional()),
  practiceArea: z.preprocess(blankToUndefined, textField().trim().max(DOCUMENT_PRACTICE_AREA_MAX_LENGTH).optional()),
  jurisdiction: z.preprocess(blankToUndefined, textField().trim().max(DOCUMENT_JURISDICTION_MAX_LENGTH).optional()),
  tag: z.preprocess(blankToUndefined, textField().trim().max(DOCUMENT_TAG_MAX_LENGTH).optional()),
  ownerId: z.preprocess(blankToUndefined, IdSchema.optional()),
  /** "house": house knowledge only (the library); a client id: that client's material. */
  client: z.preprocess(blankToUndefined, z.union([z.literal("house"), IdSchema]).optional()),
  q: z.preprocess(
    blankToUndefined,
    textField().trim().max(DOCUMENT_SEARCH_QUERY_MAX_LENGTH, `Keep the search to ${DOCUMENT_SEARCH_QUERY_MAX_LENGTH} characters.`).optional(),
  ),
  sort: z.preprocess(blankToUndefined, enumFilter(z.enum(DOCUMENT_SORTS, { error: "Sort by updated, created or title." })).optional()),
  order: z.preprocess(blankToUndefined, enumFilter(z.enum(["asc", "desc"], { error: "Order is asc or desc." })).optional()),
  page: pageSchema(),
  pageSize: pageSizeSchema("documents", { fallback: DOCUMENT_LIST_PAGE_SIZE, max: DOCUMENT_LIST_PAGE_SIZE_MAX }),
});
export type DocumentListQuery = z.infer<typeof DocumentListQuerySchema>;

export const VersionCreateSchema = z.object({
  name: z.preprocess(
    blankToUndefined,
    textField({ error: "Name the version." })
      .trim()
      .max(VERSION_NAME_MAX_LENGTH, `Keep the version name to ${VERSION_NAME_MAX_LENGTH} characters.`)
      .optional(),
  ),
});

export const DELIVERABLE_TYPE_MAX_LENGTH = 80;
/**
 * A deliverable's type ("NDA review"). Here, below mandates, because a toolkit names the
 * deliverable types it suggests as well (ADR 035, addendum).
 */
export const DeliverableTypeSchema = textField({ error: "Give the deliverable's type." })
  .trim()
  .min(1, "Give the deliverable's type.")
  .max(DELIVERABLE_TYPE_MAX_LENGTH, `Keep the type to ${DELIVERABLE_TYPE_MAX_LENGTH} characters.`);

/**
 * A toolkit's documents in order and, optionally, the deliverable types it suggests: each a
 * template of the toolkit and the type of deliverable it drafts. `deliverables` left out keeps
 * the types of the templates that stay (the toolkit page adds, removes and moves items only).
 */
export const ToolkitItemsSchema = z
  .object({
    documentIds: z
      .array(IdSchema, { error: "Give the toolkit's documents as an ordered list of ids." })
      .max(TOOLKIT_ITEMS_MAX, `A toolkit holds at most ${TOOLKIT_ITEMS_MAX} documents.`)
      .superRefine((ids, ctx) => {
        const seen = new Set<string>();
        ids.forEach((id, index) => {
          if (seen.has(id)) ctx.addIssue({ code: "custom", path: [index], message: "This document is already in the toolkit." });
          seen.add(id);
        });
      }),
    deliverables: z
      .array(z.object({ documentId: IdSchema, type: DeliverableTypeSchema }), { error: "Give the deliverables as a list of { documentId, type }." })
      .max(TOOLKIT_ITEMS_MAX, `A toolkit suggests at most ${TOOLKIT_ITEMS_MAX} deliverables.`)
      .optional(),
  })
  .superRefine(({ documentIds, deliverables }, ctx) => {
    const seen = new Set<string>();
    deliverables?.forEach(({ documentId }, index) => {
      const path = ["deliverables", index, "documentId"];
      if (!documentIds.includes(documentId)) ctx.addIssue({ code: "custom", path, message: "A deliverable's template must be one of the toolkit's documents." });
      else if (seen.has(documentId)) ctx.addIssue({ code: "custom", path, message: "This template already names a deliverable type." });
      seen.add(documentId);
    });
  });

export const ToolkitItemSchema = z.object({ documentId: IdSchema });
/** One template's deliverable type on the toolkit page; blank stops it suggesting one. */
export const ToolkitDeliverableTypeSchema = z.object({ documentId: IdSchema, type: z.preprocess(blankToUndefined, DeliverableTypeSchema.optional()) });
export const ToolkitCandidatesSchema = z.object({
  q: z.preprocess(blankToUndefined, textField().trim().max(DOCUMENT_SEARCH_QUERY_MAX_LENGTH).optional()),
});
export const ToolkitMoveSchema = z.object({ documentId: IdSchema, direction: z.enum(["up", "down"], { error: "Move up or down." }) });

/** "current" is the document as it is now; anything else is a version id. */
export const DiffQuerySchema = z.object({
  from: z.preprocess(blankToUndefined, textField({ error: "Choose the version to compare from." }).trim().min(1).max(64)),
  to: z.preprocess(blankToUndefined, IdSchema.optional()).transform((v) => v ?? "current"),
  /** Unchanged blocks shown around each change; "all" shows the whole document. */
  context: z.preprocess(
    blankToUndefined,
    z
      .union([z.literal("all"), z.coerce.number().int().min(0).max(DIFF_CONTEXT_MAX)], { error: `Context is a number up to ${DIFF_CONTEXT_MAX}, or all.` })
      .optional(),
  ),
});
export const CURRENT = "current";

// ── Publishing workflow (workflow.ts, ADR 012) ─────────────────────────────────────────────

const reviewText = (what: string) =>
  textField({ error: `The ${what} is text.` }).trim().max(REVIEW_TEXT_MAX_LENGTH, `Keep the ${what} to ${REVIEW_TEXT_MAX_LENGTH} characters.`);

export const ReviewSubmitSchema = z.strictObject({
  reviewerIds: z
    .array(IdSchema, { error: "Name the reviewers as a list of user ids." })
    .min(1, "Name at least one reviewer.")
    .max(REVIEWERS_MAX, `Name at most ${REVIEWERS_MAX} reviewers.`)
    .transform((ids) => [...new Set(ids)]),
  message: z.preprocess(blankToUndefined, reviewText("message").optional()).transform((v) => v ?? ""),
});

export const REVIEW_DECISIONS = ["approve", "request_changes"] as const;
export const ReviewDecisionSchema = z
  .strictObject({
    decision: z.enum(REVIEW_DECISIONS, { error: "Decide approve or request_changes." }),
    comment: z.preprocess(blankToUndefined, reviewText("comment").optional()).transform((v) => v ?? ""),
  })
  .refine((input) => input.decision === "approve" || input.comment !== "", {
    path: ["comment"],
    message: "Say what should change.",
  });

export const PublishSchema = z.strictObject({
  effectiveDate: z.preprocess(blankToUndefined, EffectiveDateSchema.optional()),
  /** An admin publishing without every approval says why; it is kept on the version and in the audit trail. */
  overrideReason: z.preprocess(blankToUndefined, reviewText("reason").optional()),
  /** An effective date before today needs an admin and this reason (ADR 017). */
  backdateReason: z.preprocess(blankToUndefined, reviewText("reason").optional()),
  /** "Law stated as at" (ADR 018): the day the review vouches for; default the day of the last approval. */
  lawStatedAt: z.preprocess(blankToUndefined, LawStatedAtSchema.optional()),
});

/** `?at=YYYY-MM-DD` of the in-force query: the version in force at the end of that day (UTC); today by default. */
export const InForceQuerySchema = z.object({
  at: z.preprocess(blankToUndefined, DaySchema.optional()),
});

export const ReviewsDueQuerySchema = z.object({
  withinDays: z.preprocess(
    blankToUndefined,
    z.coerce
      .number({ error: "withinDays is a number of days." })
      .int("withinDays is a whole number of days.")
      .min(0, "withinDays is 0 or more.")
      .max(REVIEWS_DUE_WITHIN_DAYS_MAX, `Look at most ${REVIEWS_DUE_WITHIN_DAYS_MAX} days ahead.`)
      .optional(),
  ).transform((v) => v ?? REVIEWS_DUE_SOON_DAYS),
});

// ── Promote to precedent (promotion.ts) ───────────────────────────────────────────────────

const termText = (what: string) =>
  z.string({ error: `The ${what} is text.` }).max(PROMOTION_TERM_MAX_LENGTH, `Keep each ${what} to ${PROMOTION_TERM_MAX_LENGTH} characters.`);

/** Names to look for besides the mandate's: `?counterparty=Globex&counterparty=Initech` or a comma-separated list. */
export const PromotionPreviewQuerySchema = z.object({
  counterparty: z
    .preprocess(
      (v) => (typeof v === "string" ? v.split(",") : v),
      z.array(termText("name").trim()).max(PROMOTION_COUNTERPARTIES_MAX, `Give at most ${PROMOTION_COUNTERPARTIES_MAX} names.`).optional(),
    )
    .transform((v) => (v ?? []).filter(Boolean)),
});

/** Each identifying term and what replaces it ("" clears it). */
export const PromotionRequestSchema = z.strictObject({
  title: TitleSchema,
  replacements: z
    .array(
      z.strictObject({
        term: termText("term").trim().min(1, "Name the term to replace."),
        replacement: termText("replacement"),
      }),
      { error: "Give the replacements as a list of { term, replacement }." },
    )
    .max(PROMOTION_TERMS_MAX, `Replace at most ${PROMOTION_TERMS_MAX} terms.`),
});
export type PromotionRequest = z.infer<typeof PromotionRequestSchema>;

export const PROMOTION_DECISIONS = ["approve", "reject"] as const;
export const PromotionDecisionSchema = z
  .strictObject({
    decision: z.enum(PROMOTION_DECISIONS, { error: "Decide approve or reject." }),
    comment: z.preprocess(blankToUndefined, reviewText("comment").optional()).transform((v) => v ?? ""),
  })
  .refine((input) => input.decision === "approve" || input.comment !== "", { path: ["comment"], message: "Say why it is rejected." });

export const PROMOTION_STATUSES = ["PENDING", "APPROVED", "REJECTED", "WITHDRAWN"] as const;
export const PromotionListQuerySchema = z.object({
  status: z.preprocess(blankToUndefined, enumFilter(z.enum(PROMOTION_STATUSES, { error: "Status is PENDING, APPROVED, REJECTED or WITHDRAWN." })).optional()),
});
/** The promote page's live preview: the same, with the title not yet required. */
export const PromotionTrySchema = PromotionRequestSchema.extend({
  title: z.string({ error: "The title is text." }).trim().max(DOCUMENT_TITLE_MAX_LENGTH).default(""),
});

// ── Approval policies (approval-policy.ts, ADR 018) ────────────────────────────────────────

export const ApprovalPolicySetSchema = z
  .strictObject({
    /** The provider organisation; by default the one the admin administers. */
    organizationId: z.preprocess(blankToUndefined, IdSchema.optional()),
    /** null: the organisation's default. */
    kind: z.preprocess(blankToUndefined, DocumentKindSchema.nullable().optional()).transform((v) => v ?? null),
    practiceArea: PracticeAreaSchema.optional().transform((v) => v ?? null),
    /** null: every named reviewer. */
    requiredApprovals: z.preprocess(
      blankToUndefined,
      z.coerce
        .number({ error: "The number of approvals is a number." })
        .int("The number of approvals is a whole number.")
        .min(1, "Require at least one approval.")
        .max(REVIEWERS_MAX, `Require at most ${REVIEWERS_MAX} approvals (the most reviewers a review can name).`)
        .nullable()
        .optional(),
    ).transform((v) => v ?? null),
    ownerRoleRequired: z.preprocess((v) => (v === "on" || v === "true" ? true : v === undefined || v === "false" ? false : v), z.boolean({ error: "ownerRoleRequired is true or false." })),
  })
  .refine((p) => p.kind !== null || p.practiceArea === null, { path: ["practiceArea"], message: "Choose a kind for a practice area's policy." });
export type ApprovalPolicySet = z.infer<typeof ApprovalPolicySetSchema>;
