import { describeDevice } from "./device.ts";
import { abilities } from "./policy.ts";
import type { Viewer } from "./viewer.ts";

export function presentViewer(viewer: Viewer) {
  return {
    id: viewer.id,
    email: viewer.email,
    name: viewer.name,
    memberships: viewer.memberships.map((m) => ({
      organizationId: m.organizationId,
      organizationName: m.organizationName,
      organizationKind: m.organizationKind,
      role: m.role,
    })),
    abilities: abilities(viewer),
  };
}
export type PresentedViewer = ReturnType<typeof presentViewer>;

export function presentApiToken(
  t: { id: string; name: string; prefix: string; createdAt: Date; lastUsedAt: Date | null; expiresAt: Date | null },
) {
  return {
    id: t.id,
    name: t.name,
    prefix: t.prefix,
    createdAt: t.createdAt.toISOString(),
    lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
    /** null: until revoked. */
    expiresAt: t.expiresAt?.toISOString() ?? null,
    expired: t.expiresAt !== null && t.expiresAt.getTime() <= Date.now(),
  };
}
export type PresentedApiToken = ReturnType<typeof presentApiToken>;

/** One of a person's sessions in their own list: the device it is on, when it began and ends, and whether it is this one. */
export function presentSession(s: { id: string; createdAt: Date; expiresAt: Date; userAgent: string | null; current: boolean }) {
  return {
    id: s.id,
    device: describeDevice(s.userAgent),
    signedInAt: s.createdAt.toISOString(),
    expiresAt: s.expiresAt.toISOString(),
    current: s.current,
  };
}
export type PresentedSession = ReturnType<typeof presentSession>;

/** An organisation in a list: enough to tell two of the same name apart (slug, counts, created). */
export function presentOrganization(o: {
  id: string;
  name: string;
  slug: string;
  kind: "PROVIDER" | "CLIENT";
  createdAt: Date;
  memberCount: number;
  mandateCount: number;
}) {
  return {
    id: o.id,
    name: o.name,
    slug: o.slug,
    kind: o.kind,
    createdAt: o.createdAt.toISOString(),
    memberCount: o.memberCount,
    mandateCount: o.mandateCount,
  };
}
export type PresentedOrganization = ReturnType<typeof presentOrganization>;

/** An organisation with its members and mandates (GET /organizations/:id, the Admin page). */
export function presentOrganizationDetail(d: {
  organization: Parameters<typeof presentOrganization>[0];
  members: Array<{ id: string; role: string; createdAt: Date; user: { id: string; name: string; email: string } }>;
  mandates: Array<{ id: string; title: string; reference: string; status: string; createdAt: Date }>;
}) {
  return {
    organization: presentOrganization(d.organization),
    members: d.members.map((m) => ({ id: m.id, userId: m.user.id, name: m.user.name, email: m.user.email, role: m.role, since: m.createdAt.toISOString() })),
    mandates: d.mandates.map((m) => ({ id: m.id, title: m.title, reference: m.reference, status: m.status, createdAt: m.createdAt.toISOString() })),
  };
}
export type PresentedOrganizationDetail = ReturnType<typeof presentOrganizationDetail>;
