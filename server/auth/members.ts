import { INVITATION_TTL_MS } from "../config.ts";
import { recordAuditEvent } from "../audit/service.ts";
import { AppError, conflict, gone, invalid, notFound } from "../errors.ts";
import { parseInput } from "../validation.ts";
import type { Organization } from "../db/generated/client.ts";
import { createOrganization, requireOrganizationNamed, type OrganizationKind } from "./organizations.ts";
import { hashPassword } from "./password.ts";
import { authorize, can } from "./policy.ts";
import { InvitationAcceptSchema, InvitationCreateSchema, MemberRoleChangeSchema, MemberTitleChangeSchema, OrganizationNameSchema } from "./schema.ts";
import type { AuthDeps } from "./service.ts";
import { generateToken, hashToken } from "./token.ts";
import type { Role, Viewer } from "./viewer.ts";

/** Which organisation an operator puts a user in: by id, by a name only one has, or a new one. */
export type OrganizationChoice = { id: string } | { name: string } | { create: { name: string; kind: OrganizationKind } };

const PROVIDER_ROLES: Role[] = ["ADMIN", "EDITOR", "VIEWER"];

const MEMBER_INCLUDE = { organization: true, user: { select: { id: true, email: true, name: true } } } as const;

/**
 * Members and invitations: an organisation's members and open invitations for those who manage
 * it, inviting and revoking, accepting an invitation, changing a member's role or removing them,
 * and the operators' user create/reset (CLI, first-start seed).
 */
export function createMemberCommands({ db, now, sessions, onCredentialsEnded, endUserCredentials }: AuthDeps) {
  /** A membership the viewer may manage, or 404: only those who manage an organisation see its members at all. */
  async function requireManagedMembership(viewer: Viewer, membershipId: unknown) {
    const member =
      typeof membershipId === "string" && membershipId.length <= 64
        ? await db.membership.findUnique({ where: { id: membershipId }, include: MEMBER_INCLUDE })
        : null;
    if (!member || !can(viewer, "manage", { type: "membership", organizationId: member.organizationId, organizationKind: member.organization.kind })) {
      throw notFound("member");
    }
    return member;
  }

  /** An organisation is never left without an admin (a client organisation has none to keep). */
  async function requireAnotherAdmin(member: { id: string; organizationId: string }) {
    const others = await db.membership.count({ where: { organizationId: member.organizationId, role: "ADMIN", id: { not: member.id } } });
    if (others === 0) throw conflict("last_admin", "This is the organisation's last admin: make someone else an admin first.");
  }

  /** The open invitation for a link's token, or a 404/410 that says why it cannot be used. */
  async function requireOpenInvitation(token: string) {
    const invitation = /^[a-z2-7]{32}$/.test(token)
      ? await db.invitation.findUnique({ where: { tokenHash: hashToken(token) }, include: { organization: true } })
      : null;
    if (!invitation || invitation.revokedAt) throw notFound("invitation");
    if (invitation.acceptedAt) throw gone("invitation_used", "This invitation has already been used. Sign in instead.");
    if (invitation.expiresAt.getTime() <= now()) {
      throw gone("invitation_expired", "This invitation has expired. Ask your administrator for a new one.");
    }
    return invitation;
  }

  return {
    async listMembers(viewer: Viewer, organizationId: string) {
      const org = await db.organization.findUnique({ where: { id: organizationId } });
      if (!org) throw notFound("organization");
      authorize(viewer, "manage", { type: "membership", organizationId, organizationKind: org.kind });
      const [members, invitations] = await Promise.all([
        db.membership.findMany({
          where: { organizationId },
          include: { user: { select: { id: true, email: true, name: true, passwordHash: true } } },
          orderBy: { createdAt: "asc" },
        }),
        db.invitation.findMany({
          where: { organizationId, acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date(now()) } },
          orderBy: { createdAt: "desc" },
        }),
      ]);
      return { organization: org, members, invitations };
    },

    /**
     * Invites someone by email. There is no mail server: the returned token goes into the
     * link the admin passes on. The organisation is chosen by id: a CLIENT invitation names its
     * client organisation (the provider's admins invite into any of them); staff join the
     * inviter's provider unless another is named. Nothing creates an organisation here.
     */
    async createInvitation(viewer: Viewer, raw: unknown) {
      const input = parseInput(InvitationCreateSchema, raw);
      const id =
        input.organizationId ??
        (input.role === "CLIENT" ? undefined : viewer.memberships.find((m) => m.organizationKind === "PROVIDER")?.organizationId);
      if (!id) {
        throw invalid([{ path: "organizationId", message: input.role === "CLIENT" ? "Choose the client organisation this person belongs to." : "Choose the organisation." }]);
      }
      const organization = await db.organization.findUnique({ where: { id } });
      if (!organization) throw notFound("organization");
      authorize(viewer, "manage", { type: "membership", organizationId: organization.id, organizationKind: organization.kind });
      if ((organization.kind === "CLIENT") !== (input.role === "CLIENT")) {
        throw conflict(
          "role_does_not_fit_organization",
          organization.kind === "CLIENT"
            ? "Members of a client organisation have the CLIENT role."
            : `Members of the provider organisation are ${PROVIDER_ROLES.join(", ")}.`,
        );
      }
      const existing = await db.membership.findFirst({
        where: { organizationId: organization.id, user: { email: input.email } },
      });
      if (existing) throw conflict("already_member", `${input.email} is already a member of ${organization.name}.`);
      const token = generateToken();
      const invitation = await db.invitation.create({
        data: {
          organizationId: organization.id,
          email: input.email,
          role: input.role,
          tokenHash: hashToken(token),
          invitedById: viewer.id,
          expiresAt: new Date(now() + INVITATION_TTL_MS),
        },
      });
      await recordAuditEvent(db, {
        organizationId: organization.id,
        actorId: viewer.id,
        action: "invitation.created",
        targetType: "invitation",
        targetId: invitation.id,
        data: { email: input.email, role: input.role },
      });
      return { token, invitation, organization };
    },

    async revokeInvitation(viewer: Viewer, invitationId: string) {
      const invitation = await db.invitation.findUnique({ where: { id: invitationId }, include: { organization: true } });
      if (!invitation) throw notFound("invitation");
      authorize(viewer, "manage", {
        type: "membership",
        organizationId: invitation.organizationId,
        organizationKind: invitation.organization.kind,
      });
      await db.invitation.update({ where: { id: invitationId }, data: { revokedAt: new Date(now()) } });
      await recordAuditEvent(db, {
        organizationId: invitation.organizationId,
        actorId: viewer.id,
        action: "invitation.revoked",
        targetType: "invitation",
        targetId: invitationId,
      });
    },

    /**
     * Changes a member's role in their organisation: staff roles in a provider, CLIENT in a
     * client organisation. The organisation keeps at least one admin. The person's open sync
     * sockets re-check their access (read-only or not) at once; their next request reads the new
     * role from the database.
     */
    async changeMemberRole(viewer: Viewer, membershipId: unknown, raw: unknown) {
      const { role } = parseInput(MemberRoleChangeSchema, raw);
      const member = await requireManagedMembership(viewer, membershipId);
      const fits = member.organization.kind === "CLIENT" ? role === "CLIENT" : role !== "CLIENT";
      if (!fits) {
        throw invalid([{ path: "role", message: member.organization.kind === "CLIENT" ? "A client organisation's members are clients." : "Staff are admins, editors or viewers." }]);
      }
      if (member.role === role) return member;
      if (member.role === "ADMIN") await requireAnotherAdmin(member);
      const updated = await db.$transaction(async (tx) => {
        const changed = await tx.membership.update({ where: { id: member.id }, data: { role }, include: MEMBER_INCLUDE });
        await recordAuditEvent(tx, {
          organizationId: member.organizationId,
          actorId: viewer.id,
          action: "membership.role_changed",
          targetType: "membership",
          targetId: member.id,
          data: { userId: member.userId, before: { role: member.role }, after: { role } },
        });
        return changed;
      });
      onCredentialsEnded?.({ userIds: [member.userId] });
      return updated;
    },

    /** Sets a member's job title (matched against documents' owner roles by approval policies, ADR 018); audited. */
    async changeMemberTitle(viewer: Viewer, membershipId: unknown, raw: unknown) {
      const { title } = parseInput(MemberTitleChangeSchema, raw);
      const member = await requireManagedMembership(viewer, membershipId);
      if (member.title === title) return member;
      return db.$transaction(async (tx) => {
        const changed = await tx.membership.update({ where: { id: member.id }, data: { title }, include: MEMBER_INCLUDE });
        await recordAuditEvent(tx, {
          organizationId: member.organizationId,
          actorId: viewer.id,
          action: "membership.title_changed",
          targetType: "membership",
          targetId: member.id,
          data: { userId: member.userId, before: { title: member.title }, after: { title } },
        });
        return changed;
      });
    },

    /**
     * Removes a member from an organisation: they lose its documents and mandates at once (open
     * sockets close; their sessions stay, for any other organisation they belong to). The
     * organisation keeps at least one admin.
     */
    async removeMember(viewer: Viewer, membershipId: unknown) {
      const member = await requireManagedMembership(viewer, membershipId);
      if (member.role === "ADMIN") await requireAnotherAdmin(member);
      await db.$transaction(async (tx) => {
        await tx.membership.delete({ where: { id: member.id } });
        await recordAuditEvent(tx, {
          organizationId: member.organizationId,
          actorId: viewer.id,
          action: "membership.removed",
          targetType: "membership",
          targetId: member.id,
          data: { userId: member.userId, email: member.user.email, before: { role: member.role }, after: null },
        });
      });
      onCredentialsEnded?.({ userIds: [member.userId] });
    },

    requireOpenInvitation,

    /** Accepting sets the new user's password and signs them in. */
    async acceptInvitation(token: string, raw: unknown, meta: { userAgent?: string } = {}) {
      const invitation = await requireOpenInvitation(token);
      const input = parseInput(InvitationAcceptSchema, raw);
      const existing = await db.user.findUnique({ where: { email: invitation.email } });
      if (existing?.passwordHash) {
        throw conflict("account_exists", "An account with this email already exists. Sign in, then ask to be added.");
      }
      const passwordHash = await hashPassword(input.password);
      const user = await db.$transaction(async (tx) => {
        const claimed = await tx.invitation.updateMany({
          where: { id: invitation.id, acceptedAt: null },
          data: { acceptedAt: new Date(now()) },
        });
        if (claimed.count === 0) throw gone("invitation_used", "This invitation has already been used. Sign in instead.");
        const u = existing
          ? await tx.user.update({ where: { id: existing.id }, data: { name: input.name, passwordHash } })
          : await tx.user.create({ data: { email: invitation.email, name: input.name, passwordHash } });
        await tx.membership.create({
          data: { userId: u.id, organizationId: invitation.organizationId, role: invitation.role },
        });
        await recordAuditEvent(tx, {
          organizationId: invitation.organizationId,
          actorId: u.id,
          action: "invitation.accepted",
          targetType: "invitation",
          targetId: invitation.id,
        });
        return u;
      });
      const { token: sessionToken, session } = await sessions.createSession(user.id, meta.userAgent);
      return { user, sessionToken, session };
    },

    /**
     * Creates a user, or resets an existing one's password and role (operators' CLI and the
     * first-start seed). The organisation is chosen by id, or by a name exactly one organisation
     * has (none: 404 `organization_not_found`; several: 409 `organization_name_ambiguous`
     * listing them), or created new (`create`, even when the name is in use). Provider roles
     * default to the first provider organisation (created as "Precedent" on an empty database).
     */
    async upsertUser(input: {
      email: string;
      password: string;
      role: Role;
      organization?: OrganizationChoice;
      name?: string;
    }) {
      const kind: OrganizationKind = input.role === "CLIENT" ? "CLIENT" : "PROVIDER";
      const choice = input.organization;
      let existingOrganization: Organization | null = null;
      let newOrganization: { name: string; kind: OrganizationKind } | undefined;
      if (choice && "id" in choice) {
        existingOrganization = await db.organization.findUnique({ where: { id: choice.id } });
        if (!existingOrganization) throw new AppError(404, "organization_not_found", `No organisation has the id ${choice.id}.`);
      } else if (choice && "name" in choice) {
        existingOrganization = await requireOrganizationNamed(db, choice.name);
      } else if (choice) {
        newOrganization = { name: parseInput(OrganizationNameSchema, choice.create.name), kind: choice.create.kind };
      } else if (kind === "PROVIDER") {
        existingOrganization = await db.organization.findFirst({ where: { kind: "PROVIDER" }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
        if (!existingOrganization) newOrganization = { name: "Precedent", kind: "PROVIDER" };
      } else {
        throw conflict("client_organization_required", "A CLIENT user needs their client organisation (--org-id ID, --org NAME or --create-org NAME).");
      }
      const orgKind = existingOrganization?.kind ?? newOrganization!.kind;
      if (orgKind !== kind) {
        const orgName = existingOrganization?.name ?? newOrganization!.name;
        throw conflict("organization_kind_mismatch", `${orgName} is a ${orgKind.toLowerCase()} organisation: a ${input.role} cannot join it.`);
      }
      const passwordHash = await hashPassword(input.password);
      const name = input.name ?? input.email.split("@")[0] ?? input.email;
      const organization = existingOrganization ?? (await createOrganization(db, newOrganization!.name, newOrganization!.kind));
      const user = await db.user.upsert({
        where: { email: input.email },
        create: { email: input.email, name, passwordHash },
        update: { passwordHash },
      });
      await db.membership.upsert({
        where: { userId_organizationId: { userId: user.id, organizationId: organization.id } },
        create: { userId: user.id, organizationId: organization.id, role: input.role },
        update: { role: input.role },
      });
      if (newOrganization) {
        await recordAuditEvent(db, {
          organizationId: organization.id,
          action: "organization.created",
          targetType: "organization",
          targetId: organization.id,
          data: { name: organization.name, slug: organization.slug, kind: organization.kind },
        });
      }
      // A reset password (or a changed role) ends every existing session, API token and open socket.
      const ended = await endUserCredentials(user.id);
      await recordAuditEvent(db, {
        organizationId: organization.id,
        action: "user.upserted",
        targetType: "user",
        targetId: user.id,
        data: { email: input.email, role: input.role, ended },
      });
      return { user, organization };
    },
  };
}
