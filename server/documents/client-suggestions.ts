import type { Prisma } from "../db/generated/client.ts";

/**
 * ADR 032: a client's document takes that client's suggestions only while it is linked to one of
 * the client's deliverables. Asked when the switch goes on and when a link goes.
 */
export async function isLinkedToClientDeliverable(
  db: Pick<Prisma.TransactionClient, "resourceLink">,
  documentId: string,
  clientOrganizationId: string,
): Promise<boolean> {
  const link = await db.resourceLink.findFirst({
    where: { documentId, deliverable: { mandate: { clientOrganizationId } } },
    select: { id: true },
  });
  return link !== null;
}
