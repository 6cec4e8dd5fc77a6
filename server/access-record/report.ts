import type { Db } from "../db/database.ts";
import type { ReportRange } from "./range.ts";

/**
 * The access report of one client for a period (issue 11, "An access record"): who could read the
 * client's material at any time in it, and why; and who actually read or exported what.
 *
 * "Could read" comes from dated records, never from today's team: mandate team periods
 * (MandateTeamPeriod, written with every team change), break-glass grants and ethical walls.
 * Admins and the client's own members are today's, from the day they joined the organisation
 * (a membership is deleted when it ends, and a change of role is not dated). Someone walled off for the whole period could not read anything and is
 * left out; a wall over part of it is listed beside their grounds.
 *
 * "Did read" is the access record (AccessEvent): one row per person × document or mandate ×
 * kind, with the channels used, the first and last time and the number of events (a READ
 * counts once per hour).
 */

export type Person = { id: string; name: string; email: string };

export type CouldReadRow = {
  user: Person;
  basis: "team" | "break_glass" | "admin" | "client_member";
  /** What the basis means, in words: "Project manager of NW-1 Data room", "Admin (via break-glass only)". */
  label: string;
  mandate: { id: string; title: string; reference: string } | null;
  role: "PROJECT_MANAGER" | "MEMBER" | null;
  /** The break-glass reason. */
  reason: string | null;
  /** When the ground began (admins and client members: joined the organisation) and ended (null: still standing). */
  from: Date;
  to: Date | null;
};

export type WallRow = { user: Person; reason: string; from: Date; to: Date | null; wholePeriod: boolean };

export type DidReadRow = {
  /** null: the person was deleted since. */
  user: Person | null;
  target: { type: "document" | "mandate"; id: string | null; title: string };
  kind: "READ" | "EXPORT";
  channels: string[];
  first: Date;
  last: Date;
  count: number;
};

export type AccessReport = {
  client: { id: string; name: string };
  range: ReportRange;
  generatedAt: Date;
  couldRead: CouldReadRow[];
  walls: WallRow[];
  didRead: DidReadRow[];
};

const PERSON = { select: { id: true, name: true, email: true } } as const;
const ROLE_LABEL = { PROJECT_MANAGER: "Project manager", MEMBER: "Team member" } as const;
const BASIS_ORDER = { team: 0, break_glass: 1, admin: 2, client_member: 3 } as const;

const byName = (a: Person | null, b: Person | null) => (a?.name ?? "").localeCompare(b?.name ?? "") || (a?.id ?? "").localeCompare(b?.id ?? "");
const time = (d: Date | null) => d?.getTime() ?? 0;

export async function buildAccessReport(
  db: Db,
  { client, providerIds, range, now }: { client: { id: string; name: string }; providerIds: string[]; range: ReportRange; now: Date },
): Promise<AccessReport> {
  const { start, end } = range;
  const [periods, glass, walls, admins, clientMembers, didRead] = await Promise.all([
    db.mandateTeamPeriod.findMany({
      where: {
        clientOrganizationId: client.id,
        mandate: { providerOrganizationId: { in: providerIds } },
        startedAt: { lt: end },
        OR: [{ endedAt: null }, { endedAt: { gt: start } }],
      },
      include: { user: PERSON, mandate: { select: { id: true, title: true, reference: true } } },
    }),
    db.breakGlassAccess.findMany({
      where: { clientOrganizationId: client.id, createdAt: { lt: end }, expiresAt: { gt: start } },
      include: { user: PERSON },
    }),
    db.ethicalWall.findMany({
      where: {
        clientOrganizationId: client.id,
        providerOrganizationId: { in: providerIds },
        createdAt: { lt: end },
        OR: [{ removedAt: null }, { removedAt: { gt: start } }],
      },
      include: { user: PERSON },
    }),
    // Members since before the period's end: a membership is deleted when it ends, and a role change is not dated.
    db.membership.findMany({ where: { organizationId: { in: providerIds }, role: "ADMIN", createdAt: { lt: end } }, include: { user: PERSON } }),
    db.membership.findMany({ where: { organizationId: client.id, role: "CLIENT", createdAt: { lt: end } }, include: { user: PERSON } }),
    loadDidRead(db, client.id, range),
  ]);

  const wallRows: WallRow[] = walls
    .map((w) => ({
      user: w.user,
      reason: w.reason,
      from: w.createdAt,
      to: w.removedAt,
      wholePeriod: w.createdAt <= start && (w.removedAt === null || w.removedAt >= end),
    }))
    .sort((a, b) => byName(a.user, b.user) || time(a.from) - time(b.from));
  const walledThroughout = new Set(wallRows.filter((w) => w.wholePeriod).map((w) => w.user.id));

  const couldRead: CouldReadRow[] = [
    ...periods.map((p) => ({
      user: p.user,
      basis: "team" as const,
      label: `${ROLE_LABEL[p.role]} of ${p.mandate.reference} ${p.mandate.title}`,
      mandate: p.mandate,
      role: p.role,
      reason: null,
      from: p.startedAt,
      to: p.endedAt,
    })),
    ...glass.map((g) => ({
      user: g.user,
      basis: "break_glass" as const,
      label: "Break-glass access",
      mandate: null,
      role: null,
      reason: g.reason,
      from: g.createdAt,
      // A grant still running at report time has not ended yet: its expiry is when it will.
      to: g.expiresAt,
    })),
    ...admins.map((m) => ({
      user: m.user,
      basis: "admin" as const,
      label: "Admin (via break-glass only)",
      mandate: null,
      role: null,
      reason: null,
      from: m.createdAt,
      to: null,
    })),
    ...clientMembers.map((m) => ({
      user: m.user,
      basis: "client_member" as const,
      label: "Client member (what is shared with the client)",
      mandate: null,
      role: null,
      reason: null,
      from: m.createdAt,
      to: null,
    })),
  ]
    .filter((row) => !walledThroughout.has(row.user.id))
    .sort((a, b) => byName(a.user, b.user) || BASIS_ORDER[a.basis] - BASIS_ORDER[b.basis] || time(a.from) - time(b.from) || a.label.localeCompare(b.label));

  return { client, range, generatedAt: now, couldRead, walls: wallRows, didRead };
}

/** The access record in the period, grouped per person × target × kind, in SQL (a year of reads stays one query). */
async function loadDidRead(db: Db, clientId: string, { start, end }: ReportRange): Promise<DidReadRow[]> {
  const where = { clientOrganizationId: clientId, at: { gte: start, lt: end } };
  const [groups, channels] = await Promise.all([
    db.accessEvent.groupBy({
      by: ["userId", "documentId", "mandateId", "kind"],
      where,
      _min: { at: true },
      _max: { at: true },
      _count: { _all: true },
    }),
    db.accessEvent.groupBy({ by: ["userId", "documentId", "mandateId", "kind", "channel"], where }),
  ]);
  const keyOf = (g: { userId: string | null; documentId: string | null; mandateId: string | null; kind: string }) =>
    `${g.userId}|${g.documentId}|${g.mandateId}|${g.kind}`;
  const channelsOf = new Map<string, string[]>();
  for (const c of channels) channelsOf.set(keyOf(c), [...(channelsOf.get(keyOf(c)) ?? []), c.channel]);

  const ids = (pick: (g: (typeof groups)[number]) => string | null) => [...new Set(groups.flatMap((g) => (pick(g) ? [pick(g)!] : [])))];
  const [users, documents, mandates] = await Promise.all([
    db.user.findMany({ where: { id: { in: ids((g) => g.userId) } }, select: PERSON.select }),
    db.document.findMany({ where: { id: { in: ids((g) => g.documentId) } }, select: { id: true, title: true } }),
    db.mandate.findMany({ where: { id: { in: ids((g) => g.mandateId) } }, select: { id: true, title: true, reference: true } }),
  ]);
  const userById = new Map(users.map((u) => [u.id, u]));
  const documentTitle = new Map(documents.map((d) => [d.id, d.title]));
  const mandateTitle = new Map(mandates.map((m) => [m.id, `${m.reference} ${m.title}`]));

  return groups
    .map((g): DidReadRow => {
      // A deleted document or mandate leaves its events with no target (SetNull): still counted, as such.
      const target: DidReadRow["target"] = g.documentId
        ? { type: "document", id: g.documentId, title: documentTitle.get(g.documentId) ?? "(deleted document)" }
        : g.mandateId
          ? { type: "mandate", id: g.mandateId, title: mandateTitle.get(g.mandateId) ?? "(deleted mandate)" }
          : { type: "document", id: null, title: "(deleted)" };
      return {
        user: g.userId ? (userById.get(g.userId) ?? null) : null,
        target,
        kind: g.kind,
        channels: (channelsOf.get(keyOf(g)) ?? []).sort(),
        first: g._min.at!,
        last: g._max.at!,
        count: g._count._all,
      };
    })
    .sort((a, b) => byName(a.user, b.user) || a.target.title.localeCompare(b.target.title) || a.kind.localeCompare(b.kind) || time(a.first) - time(b.first));
}
