import type { Db } from "../db/database.ts";
import type { Prisma } from "../db/generated/client.ts";
import { AppError } from "../errors.ts";

/**
 * A mandate's team decides who reads its client's material (need-to-know, ADR 013). This file
 * keeps the team's history (MandateTeamPeriod: the access report's "who could read, when") and
 * refuses anyone an ethical wall keeps from the client.
 */

type Tx = Prisma.TransactionClient;
export type Team = { projectManagerId: string | null; memberIds: string[] };

/** 409 naming each walled person: they cannot be put on this client's mandates. */
export async function refuseWalled(db: Db | Tx, clientOrganizationId: string, userIds: string[]) {
  if (!userIds.length) return;
  const walls = await db.ethicalWall.findMany({
    where: { clientOrganizationId, userId: { in: userIds }, removedAt: null },
    select: { userId: true, user: { select: { name: true } } },
  });
  if (!walls.length) return;
  const names = walls.map((w) => w.user.name);
  throw new AppError(
    409,
    "walled_member",
    `${names.join(", ")} ${names.length === 1 ? "is" : "are"} walled off from this client and cannot join its mandates.`,
    { userIds: walls.map((w) => w.userId) },
  );
}

/**
 * Records a team change as periods: people who left (or stopped being PM) get their open period
 * closed, people who joined (or became PM) a new one. `before` is null for a new mandate.
 * Returns the people who left the team and are on no other team of the client: they lost their
 * reason to read its material, and their open sockets must re-check.
 */
export async function recordTeamChange(
  tx: Tx,
  mandate: { id: string; clientOrganizationId: string },
  before: Team | null,
  after: Team,
  at: Date,
): Promise<string[]> {
  const was = new Set(before?.memberIds ?? []);
  const is = new Set(after.memberIds);
  const left = [...was].filter((id) => !is.has(id));
  const joined = [...is].filter((id) => !was.has(id));
  const close = async (userIds: string[], role: "PROJECT_MANAGER" | "MEMBER") => {
    if (userIds.length) await tx.mandateTeamPeriod.updateMany({ where: { mandateId: mandate.id, userId: { in: userIds }, role, endedAt: null }, data: { endedAt: at } });
  };
  const open = async (userIds: string[], role: "PROJECT_MANAGER" | "MEMBER") => {
    if (userIds.length) {
      await tx.mandateTeamPeriod.createMany({
        data: userIds.map((userId) => ({ mandateId: mandate.id, clientOrganizationId: mandate.clientOrganizationId, userId, role, startedAt: at })),
      });
    }
  };
  await close(left, "MEMBER");
  await open(joined, "MEMBER");
  const pmBefore = before?.projectManagerId ?? null;
  if (pmBefore !== after.projectManagerId) {
    if (pmBefore) await close([pmBefore], "PROJECT_MANAGER");
    if (after.projectManagerId) await open([after.projectManagerId], "PROJECT_MANAGER");
  }
  if (!left.length) return [];
  const stillOn = await tx.mandateMember.findMany({
    where: { userId: { in: left }, mandate: { clientOrganizationId: mandate.clientOrganizationId } },
    select: { userId: true },
  });
  const kept = new Set(stillOn.map((m) => m.userId));
  return left.filter((id) => !kept.has(id));
}
