import type { BreakGlassGrantRow } from "./break-glass.ts";
import type { WallRow } from "./walls.ts";

type Person = { id: string; name: string; email: string } | null;
const person = (p: Person) => (p ? { id: p.id, name: p.name, email: p.email } : null);

export function presentWall(w: WallRow) {
  return {
    id: w.id,
    member: person(w.user)!,
    client: { id: w.client.id, name: w.client.name },
    reason: w.reason,
    createdAt: w.createdAt.toISOString(),
    createdBy: person(w.createdBy),
    standing: w.removedAt === null,
    lifted: w.removedAt ? { at: w.removedAt.toISOString(), by: person(w.removedBy), reason: w.removalReason } : null,
  };
}
export type PresentedWall = ReturnType<typeof presentWall>;

export function presentBreakGlassGrant(g: BreakGlassGrantRow) {
  return {
    id: g.id,
    user: person(g.user)!,
    client: { id: g.client.id, name: g.client.name },
    mandateId: g.mandateId,
    documentId: g.documentId,
    reason: g.reason,
    createdAt: g.createdAt.toISOString(),
    expiresAt: g.expiresAt.toISOString(),
  };
}
export type PresentedBreakGlassGrant = ReturnType<typeof presentBreakGlassGrant>;
