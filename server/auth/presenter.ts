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

export function presentApiToken(t: { id: string; name: string; prefix: string; createdAt: Date; lastUsedAt: Date | null }) {
  return {
    id: t.id,
    name: t.name,
    prefix: t.prefix,
    createdAt: t.createdAt.toISOString(),
    lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
  };
}
export type PresentedApiToken = ReturnType<typeof presentApiToken>;
