import type { Db } from "../db/database.ts";
import type { NotificationKind } from "../db/generated/client.ts";
import { notifyOnce } from "../notifications/index.ts";

type Tx = Pick<Db, "notification" | "emailOutbox" | "user" | "membership" | "mandateMember">;
type Person = { id: string; email: string };

/** The provider's side of a mandate: its project manager and its team (staff only). */
export async function teamOf(tx: Tx, mandate: { id: string; providerOrganizationId: string; projectManagerId: string | null }): Promise<Person[]> {
  const members = await tx.mandateMember.findMany({ where: { mandateId: mandate.id }, select: { userId: true } });
  const ids = [...new Set([...(mandate.projectManagerId ? [mandate.projectManagerId] : []), ...members.map((m) => m.userId)])];
  return tx.user.findMany({ where: { id: { in: ids }, memberships: { some: { organizationId: mandate.providerOrganizationId, role: { not: "CLIENT" } } } }, select: { id: true, email: true } });
}

/** The client's side of a deliverable: who asked for it, or (for work the provider planned) every member of the client. */
export async function clientSideOf(tx: Tx, clientOrganizationId: string, requestedById: string | null): Promise<Person[]> {
  return tx.user.findMany({
    where: { ...(requestedById ? { id: requestedById } : {}), memberships: { some: { organizationId: clientOrganizationId, role: "CLIENT" } } },
    select: { id: true, email: true },
  });
}

/** One inbox entry and mail per person, once per `key` (a sweep run twice writes nothing twice). */
export async function notifyAll(
  tx: Tx,
  people: Person[],
  message: { kind: NotificationKind; title: string; body: string; link: string; key: string; except?: string | null },
  appUrl: string,
) {
  for (const person of people) {
    if (person.id === message.except) continue;
    await notifyOnce(tx, { recipient: person, kind: message.kind, title: message.title, body: message.body, link: message.link, documentId: null, onceKey: `${message.key}:${person.id}` }, appUrl);
  }
}
