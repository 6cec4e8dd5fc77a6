import { INVITATION_TTL_MS, LOGIN_LIMIT_PER_ACCOUNT, LOGIN_LIMIT_PER_IP, type Config } from "../config.ts";
import type { Db } from "../db/database.ts";
import { recordAuditEvent } from "../audit/service.ts";
import { conflict, forbidden, gone, invalid, invalidCredentials, notFound, tooManyRequests } from "../errors.ts";
import { createApiTokenStore } from "./api-token.ts";
import { hashPassword, verifyAgainstDummy, verifyPassword } from "./password.ts";
import { authorize, can } from "./policy.ts";
import { createRateLimiter } from "./rate-limit.ts";
import { InvitationAcceptSchema, InvitationCreateSchema, LoginSchema, MemberRoleChangeSchema, TokenCreateSchema } from "./schema.ts";
import { parseInput } from "../validation.ts";
import { createSessionStore } from "./session.ts";
import { generateToken, hashToken } from "./token.ts";
import { loadViewer, type Role, type Viewer } from "./viewer.ts";

export type Authenticated = { viewer: Viewer; sessionId?: string; apiTokenId?: string };

const PROVIDER_ROLES: Role[] = ["ADMIN", "EDITOR", "VIEWER"];

export function slugify(name: string): string {
  const slug = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60);
  return slug || "org";
}

const MEMBER_INCLUDE = { organization: true, user: { select: { id: true, email: true, name: true } } } as const;

export function createAuthService({
  db,
  now = Date.now,
  onCredentialsEnded,
}: {
  db: Db;
  config?: Config;
  now?: () => number;
  /** Called when every session of these users ended, so open sockets close too (collab revoke). */
  /** Credentials stopped being valid: whatever they opened (sync sockets) must close too. */
  onCredentialsEnded?: (ended: { userIds?: string[]; sessionIds?: string[]; apiTokenIds?: string[] }) => void;
}) {
  const sessions = createSessionStore(db, now);
  const apiTokens = createApiTokenStore(db, now);
  const perAccount = createRateLimiter(LOGIN_LIMIT_PER_ACCOUNT);
  const perIp = createRateLimiter(LOGIN_LIMIT_PER_IP);

  async function findOrCreateOrganization(name: string, kind: "PROVIDER" | "CLIENT") {
    const existing = await db.organization.findFirst({ where: { name: { equals: name, mode: "insensitive" } } });
    if (existing) {
      if (existing.kind !== kind) {
        throw conflict("organization_kind_mismatch", `${existing.name} is a ${existing.kind.toLowerCase()} organisation.`);
      }
      return existing;
    }
    let slug = slugify(name);
    if (await db.organization.findUnique({ where: { slug } })) slug = `${slug}-${generateToken().slice(0, 6)}`;
    return db.organization.create({ data: { name, slug, kind } });
  }

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

  return {
    sessions,
    apiTokens,

    /**
     * Signs in. A wrong password and an unknown email give the same error after the same
     * work (one argon2 verification). Attempts are limited per account and per IP.
     */
    async login(raw: unknown, meta: { ip: string; userAgent?: string }) {
      const input = parseInput(LoginSchema, raw);
      const accountKey = `account:${input.email}`;
      const ipKey = `ip:${meta.ip}`;
      const ipVerdict = perIp.hit(ipKey);
      // The attempt counts before the (slow) password check, so parallel guesses cannot all pass
      // the limit before the first of them fails; a success resets the count.
      const accountVerdict = ipVerdict.allowed ? perAccount.hit(accountKey) : perAccount.check(accountKey);
      if (!ipVerdict.allowed || !accountVerdict.allowed) {
        throw tooManyRequests(Math.max(ipVerdict.retryAfterSeconds, accountVerdict.retryAfterSeconds));
      }
      const user = await db.user.findUnique({ where: { email: input.email } });
      const ok = user?.passwordHash
        ? await verifyPassword(user.passwordHash, input.password)
        : await verifyAgainstDummy(input.password);
      if (!user || !ok) throw invalidCredentials();
      perAccount.reset(accountKey);
      const viewer = await loadViewer(db, user.id);
      if (!viewer || viewer.memberships.length === 0) throw invalidCredentials();
      const { token, session } = await sessions.createSession(user.id, meta.userAgent);
      await recordAuditEvent(db, {
        organizationId: viewer.memberships[0]?.organizationId,
        actorId: user.id,
        action: "user.signed_in",
        targetType: "user",
        targetId: user.id,
      });
      return { token, session, viewer };
    },

    /** Who is calling: a Bearer API token wins over a session cookie. */
    async authenticate({ sessionToken, bearerToken }: { sessionToken?: string; bearerToken?: string }): Promise<
      | { ok: true; auth: Authenticated; renewedSession?: { token: string; expiresAt: Date } }
      | { ok: false }
    > {
      if (bearerToken !== undefined) {
        const found = await apiTokens.validateApiToken(bearerToken);
        const viewer = found && (await loadViewer(db, found.userId, new Date(now())));
        return viewer ? { ok: true, auth: { viewer, apiTokenId: found.tokenId } } : { ok: false };
      }
      if (sessionToken) {
        const session = await sessions.validateSessionToken(sessionToken);
        const viewer = session && (await loadViewer(db, session.userId, new Date(now())));
        if (!session || !viewer) return { ok: false };
        const renewedSession = session.renewed ? { token: sessionToken, expiresAt: session.expiresAt } : undefined;
        return { ok: true, auth: { viewer, sessionId: session.id }, renewedSession };
      }
      return { ok: false };
    },

    async logout(auth: Authenticated) {
      if (auth.sessionId) {
        await sessions.invalidateSession(auth.sessionId);
        onCredentialsEnded?.({ sessionIds: [auth.sessionId] });
      }
    },

    async logoutEverywhere(viewer: Viewer) {
      const count = await sessions.invalidateUserSessions(viewer.id);
      onCredentialsEnded?.({ userIds: [viewer.id] });
      await recordAuditEvent(db, {
        organizationId: viewer.memberships[0]?.organizationId,
        actorId: viewer.id,
        action: "user.signed_out_everywhere",
        targetType: "user",
        targetId: viewer.id,
        data: { sessions: count },
      });
      return count;
    },

    async createApiToken(viewer: Viewer, raw: unknown) {
      const { name } = parseInput(TokenCreateSchema, raw);
      authorize(viewer, "create", { type: "apiToken", userId: viewer.id });
      const created = await apiTokens.createApiToken(viewer.id, name);
      await recordAuditEvent(db, {
        organizationId: viewer.memberships[0]?.organizationId,
        actorId: viewer.id,
        action: "api_token.created",
        targetType: "api_token",
        targetId: created.record.id,
        data: { name },
      });
      return created;
    },

    listApiTokens(viewer: Viewer) {
      return apiTokens.listApiTokens(viewer.id);
    },

    async revokeApiToken(viewer: Viewer, tokenId: string) {
      await apiTokens.revokeApiToken(viewer.id, tokenId);
      onCredentialsEnded?.({ apiTokenIds: [tokenId] });
      await recordAuditEvent(db, {
        organizationId: viewer.memberships[0]?.organizationId,
        actorId: viewer.id,
        action: "api_token.revoked",
        targetType: "api_token",
        targetId: tokenId,
      });
    },

    /** Organisations whose members this viewer may manage. */
    async listManagedOrganizations(viewer: Viewer) {
      const orgs = await db.organization.findMany({ orderBy: { name: "asc" } });
      // The provider first, then its clients by name.
      orgs.sort((a, b) => Number(a.kind === "CLIENT") - Number(b.kind === "CLIENT"));
      return orgs.filter((o) =>
        can(viewer, "manage", { type: "membership", organizationId: o.id, organizationKind: o.kind }),
      );
    },

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
     * link the admin passes on. CLIENT invitations name a client organisation (created if new).
     */
    async createInvitation(viewer: Viewer, raw: unknown) {
      const input = parseInput(InvitationCreateSchema, raw);
      let organization;
      if (input.role === "CLIENT") {
        if (!input.organizationId && !input.clientOrganizationName) {
          throw conflict("client_organization_required", "Name the client organisation for a client invitation.");
        }
        organization = input.organizationId
          ? await db.organization.findUnique({ where: { id: input.organizationId } })
          : null;
        if (!organization && input.clientOrganizationName) {
          if (!viewer.memberships.some((m) => m.organizationKind === "PROVIDER" && m.role === "ADMIN")) throw forbidden();
          organization = await findOrCreateOrganization(input.clientOrganizationName, "CLIENT");
        }
      } else {
        const id = input.organizationId ?? viewer.memberships.find((m) => m.organizationKind === "PROVIDER")?.organizationId;
        organization = id ? await db.organization.findUnique({ where: { id } }) : null;
      }
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

    /** The open invitation for a link's token, or a 404/410 that says why it cannot be used. */
    async requireOpenInvitation(token: string) {
      const invitation = /^[a-z2-7]{32}$/.test(token)
        ? await db.invitation.findUnique({ where: { tokenHash: hashToken(token) }, include: { organization: true } })
        : null;
      if (!invitation || invitation.revokedAt) throw notFound("invitation");
      if (invitation.acceptedAt) throw gone("invitation_used", "This invitation has already been used. Sign in instead.");
      if (invitation.expiresAt.getTime() <= now()) {
        throw gone("invitation_expired", "This invitation has expired. Ask your administrator for a new one.");
      }
      return invitation;
    },

    /** Accepting sets the new user's password and signs them in. */
    async acceptInvitation(token: string, raw: unknown, meta: { userAgent?: string } = {}) {
      const invitation = await this.requireOpenInvitation(token);
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
     * first-start seed). CLIENT users belong to the named client organisation.
     */
    async upsertUser(input: { email: string; password: string; role: Role; organizationName?: string; name?: string }) {
      const kind = input.role === "CLIENT" ? "CLIENT" : "PROVIDER";
      let organization;
      if (input.organizationName) organization = await findOrCreateOrganization(input.organizationName, kind);
      else if (kind === "PROVIDER") {
        organization =
          (await db.organization.findFirst({ where: { kind: "PROVIDER" }, orderBy: { createdAt: "asc" } })) ??
          (await findOrCreateOrganization("Precedent", "PROVIDER"));
      } else {
        throw conflict("client_organization_required", "A CLIENT user needs --org NAME (their client organisation).");
      }
      const passwordHash = await hashPassword(input.password);
      const name = input.name ?? input.email.split("@")[0] ?? input.email;
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
      // A reset password (or a changed role) ends every existing session and open socket.
      await sessions.invalidateUserSessions(user.id);
      onCredentialsEnded?.({ userIds: [user.id] });
      await recordAuditEvent(db, {
        organizationId: organization.id,
        action: "user.upserted",
        targetType: "user",
        targetId: user.id,
        data: { email: input.email, role: input.role },
      });
      return { user, organization };
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
