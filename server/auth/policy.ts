import { forbidden } from "../errors.ts";
import type { Role, Viewer } from "./viewer.ts";

/**
 * Every read and write in Precedent asks `can(viewer, action, resource)`. One place, no
 * registry, tested as a table (policy.test.ts); `readableScope` (scope.ts) is the same rule as
 * sets of ids, for database queries and search filters, and agreement tests hold each to it.
 *
 * The provider organisation (the law company) owns the knowledge; its members are ADMIN,
 * EDITOR or VIEWER. A client organisation's members have the CLIENT role and see only what
 * is shared with their own organisation.
 *
 * Two kinds of material (ADR 013): house knowledge (no client) is read by all the provider's
 * staff; client material belongs to one client organisation and is read by staff only on a
 * need-to-know basis: on the team of one of that client's mandates, or an admin through the
 * break-glass step. An ethical wall beats everything.
 */
export type Action =
  | "read"
  /** See that it exists (a mandate in lists and portfolio KPIs) without opening it: admins. */
  | "discover"
  | "create"
  | "update"
  | "delete"
  | "manage"
  /** A document's live draft (the Y.Doc), as opposed to its published version. */
  | "readDraft"
  /** Propose changes to a document's draft as tracked changes (suggestions), without changing its text (ADR 032). */
  | "suggest"
  /** Be named as a document's reviewer. */
  | "review"
  /** Archive or restore a document, publish without every approval, or set its status directly. */
  | "administer"
  /** Record a deliverable's negotiation outcomes on a mandate (ADR 036): the provider's team editors. */
  | "recordOutcome"
  /** Decide an outcome's approval on the role holders' behalf (ADR 036): the provider's admins who open the mandate. */
  | "decideAnyApproval"
  /** Put a deliverable into Waiting on client, or record the client's answer (ADR 041): the mandate's PM and the provider's admins who open it. */
  | "waitOnClient"
  /**
   * See a playbook's review findings and trigger rules: figures summed across every client's
   * negotiation outcomes (ADR 037), so the provider's staff who open the document, never a client.
   */
  | "readFindings"
  /** Release a status report to the client (ADR 040): the mandate's project manager or a provider admin. */
  | "release"
  /** See a mandate's assumptions, their breaches and draft change requests (ADR 043): the provider's staff who open it. */
  | "readScope"
  /** Edit a mandate's assumptions, draft, send and withdraw its change requests (ADR 043): its PM, or an admin who opens it. */
  | "manageScope"
  /** Approve or decline a change request sent to the client (ADR 043): the members of the mandate's client. */
  | "decideChangeRequest"
  /** Ask for work on a mandate (a client request, ADR 042): the client's own members. */
  | "requestWork"
  /** Accept or decline a client's request, and set the mandate's request forms (ADR 042): the mandate's project manager, or an admin who opens it. */
  | "manageRequests"
  /** Accept or reject a delivery (ADR 042): the client's own members. */
  | "answerDelivery"
  /** Record the client's written answer to a delivery on their behalf (ADR 042): the provider's admins who open the mandate. */
  | "answerDeliveryOnBehalf";

export type Resource =
  | { type: "organization"; id: string }
  /** Members and invitations of an organisation. */
  | { type: "membership"; organizationId: string; organizationKind: "PROVIDER" | "CLIENT" }
  | { type: "apiToken"; userId: string }
  | {
      type: "document";
      organizationId: string;
      ownerId: string | null;
      status: "DRAFT" | "IN_REVIEW" | "PUBLISHED" | "ARCHIVED";
      sharedWithOrganizationIds: string[];
      /** A published version is live: readers who may not see drafts read it instead (ADR 012). */
      hasPublishedVersion?: boolean;
      /** Client material of this client organisation; null or absent: house knowledge. */
      clientOrganizationId?: string | null;
      /** Delivered to a client (ADR 020): its text is on the record, so nobody edits it. */
      deliveryLocked?: boolean;
      /** In the trash (ADR 021): no one reads or changes it; restoring is server/retention's own rule. */
      deleted?: boolean;
      /** An admin lets the provider's VIEWERs who read it suggest on its draft (ADR 032). */
      viewersMaySuggest?: boolean;
      /** Its editors let the members of its client, who read it, suggest on its draft (ADR 032). */
      clientMaySuggest?: boolean;
    }
  | {
      type: "mandate";
      providerOrganizationId: string;
      clientOrganizationId: string;
      /** Its project manager, for the actions that are theirs (waitOnClient, manageScope, manageRequests); absent: nobody is. */
      projectManagerId?: string | null;
    }
  /**
   * A comment thread on a document (ADR 031). INTERNAL: the provider's staff who read the
   * document. CLIENT: they and the members of one client organisation, who must be able to read
   * the document through that organisation alone. "read" sees the thread; "create" starts one
   * of this visibility or replies; "update" resolves or reopens it.
   */
  | {
      type: "commentThread";
      document: Extract<Resource, { type: "document" }>;
      visibility: "INTERNAL" | "CLIENT";
      /** CLIENT threads: the one client organisation that sees it. */
      clientOrganizationId: string | null;
    }
  /**
   * A mandate's risk, issue and decision log (ADR 040): the provider's own. "read" sees it,
   * "create" / "update" write it: the staff who open the mandate, and its editors.
   */
  | { type: "mandateLog"; mandate: Extract<Resource, { type: "mandate" }> }
  /**
   * A monthly status report (ADR 040). "read": the staff who open the mandate, at any status; its
   * client's members once RELEASED. "create" / "update" (RAG, narrative, submit for review):
   * the mandate's PM or a provider admin, while a DRAFT. "review" (approve or send back): another
   * of the provider's editors or admins on the mandate than the one who submitted it, while
   * IN_REVIEW. "release": the PM or an admin, while IN_REVIEW (the service also asks for an approval).
   */
  | {
      type: "statusReport";
      mandate: Extract<Resource, { type: "mandate" }>;
      projectManagerId: string | null;
      status: "DRAFT" | "IN_REVIEW" | "RELEASED";
      submittedById: string | null;
    }
  /** One comment of a thread: only its author edits or deletes it, while they still see the thread. */
  | { type: "comment"; thread: Extract<Resource, { type: "commentThread" }>; authorId: string | null }
  /**
   * A person's time on one of the mandate's deliverables, and the effort, cost and margin made of
   * it (ADR 039): the provider's, never a client's. "read": the provider's staff who open the
   * mandate; "create" / "update" / "delete": its PM and the provider's admins for anyone, a team
   * member for themselves (`personId`: whose time it is).
   */
  | {
      type: "timeEntry";
      mandate: { providerOrganizationId: string; clientOrganizationId: string; projectManagerId: string | null; memberIds: string[] };
      personId: string | null;
    }
  /** The provider's hourly cost rates per role (ADR 039): its admins only. */
  | { type: "rateCard"; organizationId: string };

type DocumentResource = Extract<Resource, { type: "document" }>;
type CommentThreadResource = Extract<Resource, { type: "commentThread" }>;

const roleIn = (viewer: Viewer, organizationId: string): Role | undefined =>
  viewer.memberships.find((m) => m.organizationId === organizationId)?.role;

const isProviderStaff = (role: Role | undefined) => role === "ADMIN" || role === "EDITOR" || role === "VIEWER";
const canWrite = (role: Role | undefined) => role === "ADMIN" || role === "EDITOR";

/** An ethical wall stands between this person and the client. */
export const isWalledFrom = (viewer: Viewer, clientId: string) => viewer.clientAccess.walledClientIds.includes(clientId);

/** Need-to-know: on one of the client's mandate teams, or through break-glass; never behind a wall. */
export function hasNeedToKnow(viewer: Viewer, clientId: string): boolean {
  if (isWalledFrom(viewer, clientId)) return false;
  return viewer.clientAccess.teamClientIds.includes(clientId) || viewer.clientAccess.breakGlassClientIds.includes(clientId);
}

/** A member of this client organisation (the CLIENT role). */
const isClientMember = (viewer: Viewer, clientId: string) => roleIn(viewer, clientId) === "CLIENT";

export function can(viewer: Viewer | null, action: Action, resource: Resource): boolean {
  if (!viewer) return false;
  switch (resource.type) {
    case "organization": {
      const role = roleIn(viewer, resource.id);
      if (action === "read") return role !== undefined;
      return role === "ADMIN";
    }
    case "membership":
      if (roleIn(viewer, resource.organizationId) === "ADMIN") return true;
      // The provider's admins run their clients' organisations too.
      return (
        resource.organizationKind === "CLIENT" &&
        viewer.memberships.some((m) => m.organizationKind === "PROVIDER" && m.role === "ADMIN")
      );
    case "apiToken":
      return resource.userId === viewer.id;
    case "document": {
      const role = roleIn(viewer, resource.organizationId);
      const client = resource.clientOrganizationId ?? null;
      if (resource.deleted) return false;
      if (client && isWalledFrom(viewer, client)) return false;
      // Provider staff open house knowledge, and a client's material only on a need to know.
      const staffOpens = isProviderStaff(role) && (client === null || hasNeedToKnow(viewer, client));
      const viewerSuggests = role === "VIEWER" && resource.viewersMaySuggest === true;
      if (action === "read") {
        if (staffOpens) return true;
        // A client member reads only what is shared with their organisation, still live, and
        // published once (never a text no one approved); a client's material is shared with
        // that client alone.
        return (
          resource.status !== "ARCHIVED" &&
          resource.status !== "DRAFT" &&
          resource.hasPublishedVersion === true &&
          viewer.memberships.some(
            (m) =>
              m.role === "CLIENT" &&
              !isWalledFrom(viewer, m.organizationId) &&
              resource.sharedWithOrganizationIds.includes(m.organizationId) &&
              (client === null || m.organizationId === client),
          )
        );
      }
      // Editors work on the draft, and viewers allowed to suggest on it; everyone else who may read it reads the published version, if there is one.
      if (action === "readDraft") {
        return (staffOpens && (canWrite(role) || viewerSuggests)) || (!resource.hasPublishedVersion && can(viewer, "read", resource)) || clientSuggests(viewer, resource);
      }
      if (action === "suggest" && clientSuggests(viewer, resource)) return true;
      if (!staffOpens) return false;
      // A delivered document is on the record: no one proposes changes to it either.
      if (action === "suggest") return resource.deliveryLocked !== true && (canWrite(role) || viewerSuggests);
      if (action === "delete" || action === "manage") return role === "ADMIN" || (canWrite(role) && resource.ownerId === viewer.id);
      if (action === "review") return true;
      if (action === "readFindings") return true;
      if (action === "administer") return role === "ADMIN";
      if (action === "discover") return true;
      if (action === "update" && resource.deliveryLocked === true) return false;
      return canWrite(role);
    }
    case "mandate": {
      const role = roleIn(viewer, resource.providerOrganizationId);
      const client = resource.clientOrganizationId;
      if (isWalledFrom(viewer, client)) return false;
      const staffOpens = isProviderStaff(role) && hasNeedToKnow(viewer, client);
      // Admins see that every client's mandates exist (lists, portfolio KPIs); opening one
      // without being on a team of that client is the break-glass step.
      if (action === "discover") return staffOpens || role === "ADMIN" || isClientMember(viewer, client);
      if (action === "read") return staffOpens || isClientMember(viewer, client);
      // The client asks for work and answers deliveries; the provider's staff never do it for them (ADR 042).
      if (action === "requestWork" || action === "answerDelivery") return isClientMember(viewer, client);
      // Opening a mandate puts its opener on the team (mandates service): any editor, any client not walled off.
      if (action === "create") return canWrite(role);
      if (action === "decideChangeRequest") return isClientMember(viewer, client);
      if (!staffOpens) return false;
      if (action === "readScope") return true;
      if (action === "manageScope") return role === "ADMIN" || (canWrite(role) && resource.projectManagerId === viewer.id);
      if (action === "waitOnClient") return role === "ADMIN" || (canWrite(role) && !!resource.projectManagerId && resource.projectManagerId === viewer.id);
      if (action === "delete" || action === "decideAnyApproval" || action === "answerDeliveryOnBehalf") return role === "ADMIN";
      if (action === "manageRequests") return role === "ADMIN" || (canWrite(role) && !!resource.projectManagerId && resource.projectManagerId === viewer.id);
      return canWrite(role);
    }
    case "mandateLog": {
      const mandate = resource.mandate;
      if (!can(viewer, "read", mandate) || !isProviderStaff(roleIn(viewer, mandate.providerOrganizationId))) return false;
      if (action === "read") return true;
      if (action === "create" || action === "update") return can(viewer, "update", mandate);
      return false;
    }
    case "statusReport":
      return canOnStatusReport(viewer, action, resource);
    case "commentThread":
      return canOnCommentThread(viewer, action, resource);
    case "timeEntry": {
      const { mandate } = resource;
      if (!can(viewer, "read", { type: "mandate", providerOrganizationId: mandate.providerOrganizationId, clientOrganizationId: mandate.clientOrganizationId })) return false;
      const role = roleIn(viewer, mandate.providerOrganizationId);
      if (!isProviderStaff(role)) return false;
      if (action === "read") return true;
      if (action !== "create" && action !== "update" && action !== "delete") return false;
      if (role === "ADMIN" || mandate.projectManagerId === viewer.id) return true;
      return resource.personId === viewer.id && mandate.memberIds.includes(viewer.id);
    }
    case "rateCard":
      return roleIn(viewer, resource.organizationId) === "ADMIN";
    case "comment":
      if (action !== "update" && action !== "delete" && action !== "read") return false;
      if (!canOnCommentThread(viewer, "read", resource.thread)) return false;
      return action === "read" || (resource.authorId !== null && resource.authorId === viewer.id);
  }
}

/**
 * A member of the client whose material this is, who reads it (shared with them, published
 * once, live), where its editors opened its draft to the client's suggestions (ADR 032). Never
 * house knowledge, never a delivered document (on the record). They suggest on the draft, so
 * they read it; they never edit it.
 */
function clientSuggests(viewer: Viewer, document: DocumentResource): boolean {
  const client = document.clientOrganizationId ?? null;
  return (
    client !== null &&
    document.clientMaySuggest === true &&
    document.deliveryLocked !== true &&
    isClientMember(viewer, client) &&
    can(viewer, "read", document)
  );
}

/** The client organisations a CLIENT thread on this document may be visible to: its client, or those it is shared with. */
export function commentClientsOf(document: DocumentResource): string[] {
  // A client's material is that client's alone, shared or not yet (as for reading it).
  const client = document.clientOrganizationId ?? null;
  return client ? [client] : document.sharedWithOrganizationIds;
}

function canOnCommentThread(viewer: Viewer, action: Action, thread: CommentThreadResource): boolean {
  const { document } = thread;
  if (!can(viewer, "read", document)) return false;
  if (thread.visibility === "CLIENT") {
    const client = thread.clientOrganizationId;
    if (!client || !commentClientsOf(document).includes(client)) return false;
  }
  const staff = isProviderStaff(roleIn(viewer, document.organizationId));
  // A client member sees a CLIENT thread of their own organisation, when they read the document through it alone.
  const clientSees =
    thread.visibility === "CLIENT" &&
    isClientMember(viewer, thread.clientOrganizationId!) &&
    can(viewer, "read", { ...document, sharedWithOrganizationIds: document.sharedWithOrganizationIds.filter((id) => id === thread.clientOrganizationId) });
  if (!staff && !clientSees) return false;
  if (action === "read" || action === "create" || action === "update") return true;
  return false;
}

function canOnStatusReport(viewer: Viewer, action: Action, report: Extract<Resource, { type: "statusReport" }>): boolean {
  const { mandate } = report;
  if (!can(viewer, "read", mandate)) return false;
  const role = roleIn(viewer, mandate.providerOrganizationId);
  if (!isProviderStaff(role)) {
    // The client's members: released reports of their own mandates, nothing else.
    return action === "read" && report.status === "RELEASED" && isClientMember(viewer, mandate.clientOrganizationId);
  }
  if (action === "read") return true;
  const owns = can(viewer, "update", mandate) && (role === "ADMIN" || report.projectManagerId === viewer.id);
  if (action === "create" || action === "update") return owns && report.status === "DRAFT";
  if (action === "release") return owns && report.status === "IN_REVIEW";
  // Four eyes: whoever submitted it does not approve it.
  if (action === "review") return canWrite(role) && can(viewer, "update", mandate) && report.status === "IN_REVIEW" && report.submittedById !== viewer.id;
  return false;
}

/** Throws 403 unless `can` allows it. */
export function authorize(viewer: Viewer | null, action: Action, resource: Resource): void {
  if (!can(viewer, action, resource)) throw forbidden();
}

/** What the UI may offer this viewer in the app shell. */
export function abilities(viewer: Viewer) {
  const primary = viewer.memberships[0];
  return {
    manageMembers:
      !!primary &&
      can(viewer, "manage", { type: "membership", organizationId: primary.organizationId, organizationKind: primary.organizationKind }),
    isClient: viewer.memberships.every((m) => m.role === "CLIENT"),
  };
}
