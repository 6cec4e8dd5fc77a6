import { z } from "zod";
import { textField } from "../validation.ts";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "../config.ts";

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

export const TokenCreateSchema = z.object({
  name: textField({ error: "Name the token." }).trim().min(1, "Name the token.").max(100, "Use at most 100 characters."),
});

export const InvitationCreateSchema = z.object({
  email: EmailSchema,
  role: RoleSchema,
  organizationId: textField().min(1).max(64).optional(),
  /** For a CLIENT invitation: the client organisation, created if new. */
  clientOrganizationName: textField().trim().min(1).max(120).optional(),
});
export type InvitationCreateInput = z.infer<typeof InvitationCreateSchema>;

/** A member's new role. Which roles fit which organisation is the service's rule (a client organisation has only CLIENT). */
export const MemberRoleChangeSchema = z.strictObject({
  role: RoleSchema.or(textField().transform((_, ctx) => {
    ctx.addIssue({ code: "custom", message: "The role is ADMIN, EDITOR, VIEWER or CLIENT." });
    return z.NEVER;
  })),
});

export const InvitationAcceptSchema = z.object({
  name: textField({ error: "Enter your name." }).trim().min(1, "Enter your name.").max(120),
  password: NewPasswordSchema,
});
