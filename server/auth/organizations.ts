import type { Db } from "../db/database.ts";
import { conflict } from "../errors.ts";
import { can } from "./policy.ts";
import type { AuthDeps } from "./service.ts";
import { generateToken } from "./token.ts";
import type { Viewer } from "./viewer.ts";

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

export async function findOrCreateOrganization(db: Db, name: string, kind: "PROVIDER" | "CLIENT") {
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

/** Organisations: which ones a viewer manages. */
export function createOrganizationCommands({ db }: AuthDeps) {
  return {
    /** Organisations whose members this viewer may manage. */
    async listManagedOrganizations(viewer: Viewer) {
      const orgs = await db.organization.findMany({ orderBy: { name: "asc" } });
      // The provider first, then its clients by name.
      orgs.sort((a, b) => Number(a.kind === "CLIENT") - Number(b.kind === "CLIENT"));
      return orgs.filter((o) =>
        can(viewer, "manage", { type: "membership", organizationId: o.id, organizationKind: o.kind }),
      );
    },
  };
}
