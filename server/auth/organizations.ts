import { recordAuditEvent } from "../audit/service.ts";
import { ORGANIZATION_LIST_PEOPLE_MAX, ORGANIZATION_MANDATES_MAX } from "../config.ts";
import type { Db } from "../db/database.ts";
import { Prisma } from "../db/generated/client.ts";
import { AppError, notFound } from "../errors.ts";
import { parseInput } from "../validation.ts";
import { can } from "./policy.ts";
import { OrganizationCreateSchema, OrganizationIdSchema, OrganizationNameSchema, OrganizationRenameSchema } from "./schema.ts";
import type { AuthDeps } from "./service.ts";
import { generateToken } from "./token.ts";
import type { Viewer } from "./viewer.ts";

/**
 * Organisations by identity: an organisation is chosen by its id, never found by its name. Two
 * client organisations may share a name ("Apex Ltd" and "Apex Ltd"); their slugs stay unique
 * (a suffix), and lists show enough (slug, member and mandate counts, created) to tell them
 * apart. Only an explicit command creates one. The provider's admins list, create and rename
 * client organisations; to anyone else they are a 404.
 */

export type OrganizationKind = "PROVIDER" | "CLIENT";

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

const MANDATE_SELECT = { id: true, title: true, reference: true, status: true, createdAt: true } as const;

const COUNTS = { _count: { select: { memberships: true, clientMandates: true } } } as const;

/** An organisation as lists show it: enough to tell two of the same name apart. */
export type OrganizationSummary = {
  id: string;
  name: string;
  slug: string;
  kind: OrganizationKind;
  createdAt: Date;
  memberCount: number;
  mandateCount: number;
};

function summary(o: { id: string; name: string; slug: string; kind: OrganizationKind; createdAt: Date; _count: { memberships: number; clientMandates: number } }): OrganizationSummary {
  return { id: o.id, name: o.name, slug: o.slug, kind: o.kind, createdAt: o.createdAt, memberCount: o._count.memberships, mandateCount: o._count.clientMandates };
}

/** Creates a new organisation, always: a name already in use gets a new one beside it, with a suffixed slug. */
export async function createOrganization(db: Db, name: string, kind: OrganizationKind) {
  const base = slugify(name);
  for (let attempt = 0; ; attempt++) {
    const taken = attempt > 0 || (await db.organization.findUnique({ where: { slug: base }, select: { id: true } }));
    const slug = taken ? `${base}-${generateToken().slice(0, 6)}` : base;
    try {
      return await db.organization.create({ data: { name, slug, kind } });
    } catch (error) {
      // Two creations raced for the same slug: the loser takes a suffix.
      if (!(error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") || attempt >= 3) throw error;
    }
  }
}

/**
 * The one organisation with this name (any case), for operators who name one (`--org NAME`).
 * None is a 404 and several a 409 `organization_name_ambiguous` whose details list the
 * candidates, so the operator picks one by id.
 */
export async function requireOrganizationNamed(db: Db, rawName: string) {
  const name = parseInput(OrganizationNameSchema, rawName);
  const found = await db.organization.findMany({
    where: { name: { equals: name, mode: "insensitive" } },
    include: COUNTS,
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  if (found.length === 0) {
    throw new AppError(404, "organization_not_found", `No organisation is named "${name}".`, { name });
  }
  if (found.length > 1) {
    throw new AppError(409, "organization_name_ambiguous", `${found.length} organisations are named "${name}": choose one by id.`, {
      name,
      candidates: found.map(summary),
    });
  }
  return found[0]!;
}

/**
 * Whether the viewer runs client organisations: the policy's rule for a client organisation's
 * members (the provider's admins), asked about a client organisation that is none of theirs.
 */
export function managesClientOrganizations(viewer: Viewer) {
  return can(viewer, "manage", { type: "membership", organizationId: "", organizationKind: "CLIENT" });
}

/** Organisations: which ones a viewer manages; the provider's admins list, create and rename client organisations. */
export function createOrganizationCommands({ db }: AuthDeps) {
  /** An organisation whose members the viewer manages, or 404: nobody else learns that it exists. */
  async function requireManagedOrganization(viewer: Viewer, rawId: unknown) {
    const id = typeof rawId === "string" ? OrganizationIdSchema.safeParse(rawId) : undefined;
    const org = id?.success ? await db.organization.findUnique({ where: { id: id.data } }) : null;
    if (!org || !can(viewer, "manage", { type: "membership", organizationId: org.id, organizationKind: org.kind })) {
      throw notFound("organization");
    }
    return org;
  }

  function requireClientManager(viewer: Viewer) {
    if (!managesClientOrganizations(viewer)) throw notFound("organization");
  }

  return {
    /** Whether the viewer lists, creates and renames client organisations (the Admin page's section). */
    canManageClientOrganizations: managesClientOrganizations,

    /** Organisations whose members this viewer may manage: the provider first, then its clients by name. */
    async listManagedOrganizations(viewer: Viewer): Promise<OrganizationSummary[]> {
      const orgs = await db.organization.findMany({ include: COUNTS, orderBy: [{ name: "asc" }, { createdAt: "asc" }, { id: "asc" }] });
      orgs.sort((a, b) => Number(a.kind === "CLIENT") - Number(b.kind === "CLIENT"));
      return orgs
        .filter((o) => can(viewer, "manage", { type: "membership", organizationId: o.id, organizationKind: o.kind }))
        .map(summary);
    },

    /** Client organisations with their member and mandate counts, for the provider's admins (404 for anyone else). */
    async listClientOrganizations(viewer: Viewer): Promise<OrganizationSummary[]> {
      requireClientManager(viewer);
      const orgs = await db.organization.findMany({
        where: { kind: "CLIENT" },
        include: COUNTS,
        orderBy: [{ name: "asc" }, { createdAt: "asc" }, { id: "asc" }],
      });
      return orgs.map(summary);
    },

    /**
     * Client organisations with their members and mandates (at most ORGANIZATION_LIST_PEOPLE_MAX
     * of each; the counts are whole), for the Admin page. The provider's admins only (404).
     */
    async listClientOrganizationDetails(viewer: Viewer) {
      requireClientManager(viewer);
      const orgs = await db.organization.findMany({
        where: { kind: "CLIENT" },
        include: {
          ...COUNTS,
          memberships: {
            include: { user: { select: { id: true, email: true, name: true } } },
            orderBy: [{ createdAt: "asc" }, { id: "asc" }],
            take: ORGANIZATION_LIST_PEOPLE_MAX,
          },
          clientMandates: {
            select: MANDATE_SELECT,
            orderBy: [{ createdAt: "desc" }, { id: "asc" }],
            take: ORGANIZATION_LIST_PEOPLE_MAX,
          },
        },
        orderBy: [{ name: "asc" }, { createdAt: "asc" }, { id: "asc" }],
      });
      return orgs.map((o) => ({ organization: summary(o), members: o.memberships, mandates: o.clientMandates }));
    },

    /** An organisation the viewer manages, with its members and its mandates (as client, or as provider). */
    async getOrganization(viewer: Viewer, id: unknown) {
      const org = await requireManagedOrganization(viewer, id);
      const [counted, members, mandates] = await Promise.all([
        db.organization.findUniqueOrThrow({ where: { id: org.id }, include: COUNTS }),
        db.membership.findMany({
          where: { organizationId: org.id },
          include: { user: { select: { id: true, email: true, name: true } } },
          orderBy: [{ createdAt: "asc" }, { id: "asc" }],
        }),
        db.mandate.findMany({
          where: org.kind === "CLIENT" ? { clientOrganizationId: org.id } : { providerOrganizationId: org.id },
          select: MANDATE_SELECT,
          orderBy: [{ createdAt: "desc" }, { id: "asc" }],
          take: ORGANIZATION_MANDATES_MAX,
        }),
      ]);
      return { organization: summary(counted), members, mandates };
    },

    /** A new client organisation, always new (a name in use gets a second organisation); audited. */
    async createClientOrganization(viewer: Viewer, raw: unknown) {
      requireClientManager(viewer);
      const { name } = parseInput(OrganizationCreateSchema, raw);
      const org = await createOrganization(db, name, "CLIENT");
      await recordAuditEvent(db, {
        organizationId: org.id,
        actorId: viewer.id,
        action: "organization.created",
        targetType: "organization",
        targetId: org.id,
        data: { name: org.name, slug: org.slug, kind: org.kind },
      });
      return summary({ ...org, _count: { memberships: 0, clientMandates: 0 } });
    },

    /** Renames an organisation the viewer manages; its id and slug stay. Audited with before and after. */
    async renameOrganization(viewer: Viewer, id: unknown, raw: unknown) {
      const org = await requireManagedOrganization(viewer, id);
      const { name } = parseInput(OrganizationRenameSchema, raw);
      if (name === org.name) return summary(await db.organization.findUniqueOrThrow({ where: { id: org.id }, include: COUNTS }));
      const renamed = await db.$transaction(async (tx) => {
        const updated = await tx.organization.update({ where: { id: org.id }, data: { name }, include: COUNTS });
        await recordAuditEvent(tx, {
          organizationId: org.id,
          actorId: viewer.id,
          action: "organization.renamed",
          targetType: "organization",
          targetId: org.id,
          data: { before: { name: org.name }, after: { name } },
        });
        return updated;
      });
      return summary(renamed);
    },

    /** Every organisation with this name (any case), for operators choosing one. */
    async findOrganizationsNamed(name: string): Promise<OrganizationSummary[]> {
      const found = await db.organization.findMany({
        where: { name: { equals: name.trim(), mode: "insensitive" } },
        include: COUNTS,
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      });
      return found.map(summary);
    },
  };
}
