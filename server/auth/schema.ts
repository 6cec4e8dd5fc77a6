import { z } from "zod";
import { API_TOKEN_MAX_LIFETIME_DAYS, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "../config.ts";
import { blankToUndefined, textField } from "../validation.ts";

export const RoleSchema = z.enum(["ADMIN", "EDITOR", "VIEWER", "CLIENT"]);

export const EmailSchema = textField({ error: "Enter an email address." })
  .trim()
  .toLowerCase()
  .max(254, "That email address is too long.")
  .pipe(z.email({ error: "Enter a valid email address." }));

export const NewPasswordSchema = textField({ error: "Enter a password." })
  .min(PASSWORD_MIN_LENGTH, `Use at least ${PASSWORD_MIN_LENGTH} characters.`)
  .max(PASSWORD_MAX_LENGTH, `Use at most ${PASSWORD_MAX_LENGTH} characters.`);

export const LoginSchema = z.object({
  email: EmailSchema,
  // Existing passwords are not re-checked for length: only for a sane upper bound.
  password: textField({ error: "Enter your password." }).min(1, "Enter your password.").max(PASSWORD_MAX_LENGTH),
});
export type LoginInput = z.infer<typeof LoginSchema>;

/**
 * A new API token: its name and, optionally, its lifetime — `expiresInDays` (1 to
 * API_TOKEN_MAX_LIFETIME_DAYS) or an `expiresAt` instant within that range (the service checks
 * it against its clock). Neither: the token lives until revoked.
 */
export const TokenCreateSchema = z
  .object({
    name: textField({ error: "Name the token." }).trim().min(1, "Name the token.").max(100, "Use at most 100 characters."),
    expiresInDays: z.preprocess(
      blankToUndefined,
      z.coerce
        .number({ error: "Give the lifetime in days." })
        .int("Give the lifetime in whole days.")
        .min(1, "A token lives at least 1 day.")
        .max(API_TOKEN_MAX_LIFETIME_DAYS, `A token lives at most ${API_TOKEN_MAX_LIFETIME_DAYS} days.`)
        .optional(),
    ),
    expiresAt: z.preprocess(blankToUndefined, z.iso.datetime({ offset: true, error: "Give the expiry as an ISO 8601 date and time." }).optional()),
  })
  .refine((v) => v.expiresInDays === undefined || v.expiresAt === undefined, {
    path: ["expiresAt"],
    message: "Give expiresInDays or expiresAt, not both.",
  });

/** An organisation's id: organisations are chosen by id, never by name (two may share one). */
export const OrganizationIdSchema = z
  .string({ error: "Choose an organisation." })
  .trim()
  .min(1, "Choose an organisation.")
  .max(64, "That is not an organisation's id.")
  .regex(/^[A-Za-z0-9_-]+$/, "That is not an organisation's id.");

export const InvitationCreateSchema = z.object({
  email: EmailSchema,
  role: RoleSchema,
  /** The organisation to join, by id: required for a CLIENT invitation; staff default to the inviter's provider. */
  organizationId: z.preprocess(blankToUndefined, OrganizationIdSchema.optional()),
});
export type InvitationCreateInput = z.infer<typeof InvitationCreateSchema>;

/** A member's new role. Which roles fit which organisation is the service's rule (a client organisation has only CLIENT). */
export const MemberRoleChangeSchema = z.strictObject({
  role: RoleSchema.or(textField().transform((_, ctx) => {
    ctx.addIssue({ code: "custom", message: "The role is ADMIN, EDITOR, VIEWER or CLIENT." });
    return z.NEVER;
  })),
});

/** A member's job title ("Knowledge lawyer, commercial"), which approval policies match against documents' owner roles; null or "" clears it. */
export const MemberTitleChangeSchema = z.strictObject({
  title: z.preprocess(
    (v) => (typeof v === "string" && v.trim() === "" ? null : v),
    textField({ error: "The job title is text." }).trim().max(120, "Keep the job title to 120 characters.").nullable(),
  ),
});

export const InvitationAcceptSchema = z.object({
  name: textField({ error: "Enter your name." }).trim().min(1, "Enter your name.").max(120),
  password: NewPasswordSchema,
});

/**
 * Changing one's own password: the current one (checked by the service, throttled like
 * sign-in), a new one under the same rules as an invitation's, and its confirmation when a form
 * sends one. Other sessions end unless `signOutOtherSessions` is false.
 */
export const PasswordChangeSchema = z
  .strictObject({
    currentPassword: textField({ error: "Enter your current password." })
      .min(1, "Enter your current password.")
      .max(PASSWORD_MAX_LENGTH, "That is not your current password."),
    newPassword: NewPasswordSchema,
    confirmPassword: textField({ error: "Enter the new password again." }).optional(),
    signOutOtherSessions: z.boolean({ error: "signOutOtherSessions is true or false." }).default(true),
  })
  .refine((v) => v.confirmPassword === undefined || v.confirmPassword === v.newPassword, {
    path: ["confirmPassword"],
    message: "The two new passwords do not match.",
  })
  .refine((v) => v.newPassword !== v.currentPassword, { path: ["newPassword"], message: "Choose a password other than your current one." });
export type PasswordChangeInput = z.infer<typeof PasswordChangeSchema>;

/** A session's id as its owner sees it in their list (the SHA-256 of its token, hex). */
export const SessionIdSchema = textField({ error: "Choose a session." }).regex(/^[0-9a-f]{64}$/, "That is not a session's id.");

/** An organisation's name: any text a person would write, not unique (the slug and id are). */
export const OrganizationNameSchema = z
  .string({ error: "Name the organisation." })
  .trim()
  .min(1, "Name the organisation.")
  .max(120, "Use at most 120 characters.")
  .refine((v) => !/[\u0000-\u001f\u007f]/.test(v), "The name cannot contain control characters.");

/** `POST /organizations`: a new client organisation. */
export const OrganizationCreateSchema = z.strictObject({ name: OrganizationNameSchema });
/** `PATCH /organizations/:id`: a new name (the slug and id stay). */
export const OrganizationRenameSchema = z.strictObject({ name: OrganizationNameSchema });
