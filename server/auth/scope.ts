import type { Viewer } from "./viewer.ts";

/**
 * `can(viewer, "read", …)` as sets of ids (ADR 013): the one description of what a person may
 * read, from which every query that lists or counts is derived — the documents' and mandates'
 * WHERE clauses, both search engines' filters, the KPI SQL, "Used by" and usage counts, exports
 * and the library lists. Agreement tests check each derivation against `can()` for every viewer.
 */
export type ReadableScope = {
  /** Provider organisations the viewer is staff of: they read its house knowledge. */
  staffOrganizationIds: string[];
  /** Of those, where they are an admin: they see that every client's mandates exist (not walled ones). */
  adminOrganizationIds: string[];
  /** Clients whose material they open as staff: team or break-glass, never walled (need-to-know). */
  clientIds: string[];
  /** Clients they are walled off from: nothing of these, anywhere. */
  walledClientIds: string[];
  /** Client organisations they are a member of (CLIENT role): what is shared with them, their own mandates. */
  memberOfClientIds: string[];
};

export function readableScope(viewer: Viewer): ReadableScope {
  const staff = viewer.memberships.filter((m) => m.role !== "CLIENT");
  const walled = new Set(viewer.clientAccess.walledClientIds);
  const clientIds = [...new Set([...viewer.clientAccess.teamClientIds, ...viewer.clientAccess.breakGlassClientIds])].filter(
    (id) => !walled.has(id),
  );
  return {
    staffOrganizationIds: staff.map((m) => m.organizationId),
    adminOrganizationIds: staff.filter((m) => m.role === "ADMIN").map((m) => m.organizationId),
    clientIds: staff.length ? clientIds : [],
    walledClientIds: [...walled],
    memberOfClientIds: viewer.memberships.filter((m) => m.role === "CLIENT" && !walled.has(m.organizationId)).map((m) => m.organizationId),
  };
}

/** Nothing at all is readable: callers answer empty without asking the database or an engine. */
export function isEmptyScope(scope: ReadableScope): boolean {
  return scope.staffOrganizationIds.length === 0 && scope.memberOfClientIds.length === 0;
}
