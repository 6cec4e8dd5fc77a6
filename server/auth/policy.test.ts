import { describe, expect, test } from "vitest";
import { buildViewer, CLIENT_A, CLIENT_B, OTHER_PROVIDER, PROVIDER } from "../../test/factories/viewers.ts";
import { abilities, authorize, can, type Action, type Resource } from "./policy.ts";
import type { Viewer } from "./viewer.ts";

const viewers = {
  anonymous: null,
  admin: buildViewer("admin", [[PROVIDER, "ADMIN"]]),
  editor: buildViewer("editor", [[PROVIDER, "EDITOR"]]),
  viewer: buildViewer("viewer", [[PROVIDER, "VIEWER"]]),
  otherProviderAdmin: buildViewer("other-admin", [[OTHER_PROVIDER, "ADMIN"]]),
  clientA: buildViewer("client-a", [[CLIENT_A, "CLIENT"]]),
  clientB: buildViewer("client-b", [[CLIENT_B, "CLIENT"]]),
  clientAWalled: buildViewer("client-a-walled", [[CLIENT_A, "CLIENT"]], { walledClientIds: [CLIENT_A] }),
  // Need-to-know (ADR 013): on a team of client A's mandates, walled off, or through break-glass.
  editorOnTeamA: buildViewer("editor-a", [[PROVIDER, "EDITOR"]], { teamClientIds: [CLIENT_A] }),
  viewerOnTeamA: buildViewer("viewer-a", [[PROVIDER, "VIEWER"]], { teamClientIds: [CLIENT_A] }),
  adminOnTeamA: buildViewer("admin-a", [[PROVIDER, "ADMIN"]], { teamClientIds: [CLIENT_A] }),
  adminBreakGlassA: buildViewer("admin-glass", [[PROVIDER, "ADMIN"]], { breakGlassClientIds: [CLIENT_A] }),
  adminWalledA: buildViewer("admin-walled", [[PROVIDER, "ADMIN"]], { walledClientIds: [CLIENT_A], breakGlassClientIds: [CLIENT_A] }),
  editorWalledOnTeamA: buildViewer("editor-walled", [[PROVIDER, "EDITOR"]], { teamClientIds: [CLIENT_A], walledClientIds: [CLIENT_A] }),
} satisfies Record<string, Viewer | null>;
type Who = keyof typeof viewers;

const doc = (
  status: "DRAFT" | "IN_REVIEW" | "PUBLISHED" | "ARCHIVED",
  sharedWith: string[] = [],
  ownerId: string | null = "editor",
  // A PUBLISHED document has its publication recorded; others only once published before (ADR 012).
  hasPublishedVersion = status === "PUBLISHED",
): Extract<Resource, { type: "document" }> => ({ type: "document", organizationId: PROVIDER, ownerId, status, sharedWithOrganizationIds: sharedWith, hasPublishedVersion });

const resources = {
  providerOrg: { type: "organization", id: PROVIDER },
  clientAOrg: { type: "organization", id: CLIENT_A },
  providerMembers: { type: "membership", organizationId: PROVIDER, organizationKind: "PROVIDER" },
  clientAMembers: { type: "membership", organizationId: CLIENT_A, organizationKind: "CLIENT" },
  otherProviderMembers: { type: "membership", organizationId: OTHER_PROVIDER, organizationKind: "PROVIDER" },
  publishedSharedWithA: doc("PUBLISHED", [CLIENT_A]),
  inReviewSharedWithA: doc("IN_REVIEW", [CLIENT_A]),
  republishingInReviewSharedWithA: doc("IN_REVIEW", [CLIENT_A], "editor", true),
  archivedOncePublishedSharedWithA: doc("ARCHIVED", [CLIENT_A], "editor", true),
  draftSharedWithA: doc("DRAFT", [CLIENT_A]),
  archivedSharedWithA: doc("ARCHIVED", [CLIENT_A]),
  publishedUnshared: doc("PUBLISHED"),
  draftOwnedByEditor: doc("DRAFT", [], "editor"),
  draftOwnedByAdmin: doc("DRAFT", [], "admin"),
  draftWithoutOwner: doc("DRAFT", [], null),
  publishedWithDraftSharedWithA: { type: "document", organizationId: PROVIDER, ownerId: "editor", status: "PUBLISHED", sharedWithOrganizationIds: [CLIENT_A], hasPublishedVersion: true },
  clientADraft: { ...doc("DRAFT", [], "editor-a"), clientOrganizationId: CLIENT_A },
  deliveredDraftOwnedByEditor: { ...doc("DRAFT", [], "editor"), deliveryLocked: true },
  clientAPublishedSharedWithA: { ...doc("PUBLISHED", [CLIENT_A], "editor-a"), clientOrganizationId: CLIENT_A, hasPublishedVersion: true },
  clientASharedWithB: { ...doc("PUBLISHED", [CLIENT_B], "editor-a"), clientOrganizationId: CLIENT_A, hasPublishedVersion: true },
  // An admin let viewers suggest on it (ADR 032).
  draftViewersMaySuggest: { ...doc("DRAFT"), viewersMaySuggest: true },
  publishedWithDraftViewersMaySuggest: { ...doc("PUBLISHED", [CLIENT_A]), viewersMaySuggest: true },
  deliveredViewersMaySuggest: { ...doc("DRAFT"), viewersMaySuggest: true, deliveryLocked: true },
  clientADraftViewersMaySuggest: { ...doc("DRAFT", [], "editor-a"), clientOrganizationId: CLIENT_A, viewersMaySuggest: true },
  // Its editors let client A suggest on it (a deliverable's document, ADR 032).
  clientAMaySuggest: { ...doc("PUBLISHED", [CLIENT_A], "editor-a"), clientOrganizationId: CLIENT_A, clientMaySuggest: true },
  clientAMaySuggestInReview: { ...doc("IN_REVIEW", [CLIENT_A], "editor-a", true), clientOrganizationId: CLIENT_A, clientMaySuggest: true },
  clientAMaySuggestNeverPublished: { ...doc("DRAFT", [CLIENT_A], "editor-a"), clientOrganizationId: CLIENT_A, clientMaySuggest: true },
  clientAMaySuggestUnshared: { ...doc("PUBLISHED", [], "editor-a"), clientOrganizationId: CLIENT_A, clientMaySuggest: true },
  clientAMaySuggestDelivered: { ...doc("PUBLISHED", [CLIENT_A], "editor-a"), clientOrganizationId: CLIENT_A, clientMaySuggest: true, deliveryLocked: true },
  clientBMaterialMaySuggestSharedWithA: { ...doc("PUBLISHED", [CLIENT_A, CLIENT_B], "editor-a"), clientOrganizationId: CLIENT_B, clientMaySuggest: true },
  houseSharedWithAClientMaySuggest: { ...doc("PUBLISHED", [CLIENT_A]), clientMaySuggest: true },
  // In the trash (ADR 021).
  trashedPublishedSharedWithA: { ...doc("PUBLISHED", [CLIENT_A]), deleted: true },
  trashedClientADraft: { ...doc("DRAFT", [], "editor-a"), clientOrganizationId: CLIENT_A, deleted: true },
  mandateForA: { type: "mandate", providerOrganizationId: PROVIDER, clientOrganizationId: CLIENT_A },
  mandateForB: { type: "mandate", providerOrganizationId: PROVIDER, clientOrganizationId: CLIENT_B },
  // Scope and change control (ADR 043) reads the mandate's PM.
  mandateForAManagedByEditorA: { type: "mandate", providerOrganizationId: PROVIDER, clientOrganizationId: CLIENT_A, projectManagerId: "editor-a" },
  mandateForBManagedByEditorA: { type: "mandate", providerOrganizationId: PROVIDER, clientOrganizationId: CLIENT_B, projectManagerId: "editor-a" },
  /** Client A's mandate run by viewer-a (a PM who lost the editor role). */
  mandateForARunByViewerA: { type: "mandate", providerOrganizationId: PROVIDER, clientOrganizationId: CLIENT_A, projectManagerId: "viewer-a" },
  // Comment threads (ADR 031): internal ones are the provider's; a client thread is one client's.
  internalThreadOnSharedWithA: { type: "commentThread", document: doc("PUBLISHED", [CLIENT_A]), visibility: "INTERNAL", clientOrganizationId: null },
  clientAThreadOnSharedWithA: { type: "commentThread", document: doc("PUBLISHED", [CLIENT_A, CLIENT_B]), visibility: "CLIENT", clientOrganizationId: CLIENT_A },
  clientBThreadOnSharedWithAB: { type: "commentThread", document: doc("PUBLISHED", [CLIENT_A, CLIENT_B]), visibility: "CLIENT", clientOrganizationId: CLIENT_B },
  clientBThreadOnSharedWithAOnly: { type: "commentThread", document: doc("PUBLISHED", [CLIENT_A]), visibility: "CLIENT", clientOrganizationId: CLIENT_B },
  clientAThreadOnDraftSharedWithA: { type: "commentThread", document: doc("DRAFT", [CLIENT_A]), visibility: "CLIENT", clientOrganizationId: CLIENT_A },
  internalThreadOnClientADraft: { type: "commentThread", document: { ...doc("DRAFT", [], "editor-a"), clientOrganizationId: CLIENT_A }, visibility: "INTERNAL", clientOrganizationId: null },
  clientAThreadOnClientAMaterial: { type: "commentThread", document: { ...doc("PUBLISHED", [CLIENT_A], "editor-a"), clientOrganizationId: CLIENT_A }, visibility: "CLIENT", clientOrganizationId: CLIENT_A },
  clientBThreadOnClientAMaterial: { type: "commentThread", document: { ...doc("PUBLISHED", [CLIENT_A, CLIENT_B], "editor-a"), clientOrganizationId: CLIENT_A }, visibility: "CLIENT", clientOrganizationId: CLIENT_B },
  internalThreadOnTrashed: { type: "commentThread", document: { ...doc("PUBLISHED", [CLIENT_A]), deleted: true }, visibility: "INTERNAL", clientOrganizationId: null },
  clientAsCommentOnSharedWithA: { type: "comment", thread: { type: "commentThread", document: doc("PUBLISHED", [CLIENT_A]), visibility: "CLIENT", clientOrganizationId: CLIENT_A }, authorId: "client-a" },
  editorsCommentOnInternalThread: { type: "comment", thread: { type: "commentThread", document: doc("PUBLISHED", [CLIENT_A]), visibility: "INTERNAL", clientOrganizationId: null }, authorId: "editor" },
  // The mandate's log and status reports (ADR 040); editor-a is the PM of client A's mandate.
  logOfMandateA: { type: "mandateLog", mandate: { type: "mandate", providerOrganizationId: PROVIDER, clientOrganizationId: CLIENT_A } },
  draftReportA: { type: "statusReport", mandate: { type: "mandate", providerOrganizationId: PROVIDER, clientOrganizationId: CLIENT_A }, projectManagerId: "editor-a", status: "DRAFT", submittedById: null },
  reportInReviewA: { type: "statusReport", mandate: { type: "mandate", providerOrganizationId: PROVIDER, clientOrganizationId: CLIENT_A }, projectManagerId: "editor-a", status: "IN_REVIEW", submittedById: "editor-a" },
  releasedReportA: { type: "statusReport", mandate: { type: "mandate", providerOrganizationId: PROVIDER, clientOrganizationId: CLIENT_A }, projectManagerId: "editor-a", status: "RELEASED", submittedById: "editor-a" },
  releasedReportB: { type: "statusReport", mandate: { type: "mandate", providerOrganizationId: PROVIDER, clientOrganizationId: CLIENT_B }, projectManagerId: "editor-a", status: "RELEASED", submittedById: "editor-a" },
  // Time entries (ADR 039): the PM of this mandate is editor-a; viewer-a is on its team.
  timeOfViewerOnA: { type: "timeEntry", mandate: { providerOrganizationId: PROVIDER, clientOrganizationId: CLIENT_A, projectManagerId: "editor-a", memberIds: ["editor-a", "viewer-a"] }, personId: "viewer-a" },
  timeOfEditorOnA: { type: "timeEntry", mandate: { providerOrganizationId: PROVIDER, clientOrganizationId: CLIENT_A, projectManagerId: "editor-a", memberIds: ["editor-a", "viewer-a"] }, personId: "editor-a" },
  timeOfViewerOnAOffTeam: { type: "timeEntry", mandate: { providerOrganizationId: PROVIDER, clientOrganizationId: CLIENT_A, projectManagerId: "editor-a", memberIds: ["editor-a"] }, personId: "viewer-a" },
  providerRateCard: { type: "rateCard", organizationId: PROVIDER },
  editorsToken: { type: "apiToken", userId: "editor" },
  adminsToken: { type: "apiToken", userId: "admin" },
} satisfies Record<string, Resource>;
type What = keyof typeof resources;

type Row = [who: Who, action: Action, what: What, expected: boolean];

const rows: Row[] = [
  // Nobody signed in may do anything.
  ["anonymous", "read", "providerOrg", false],
  ["anonymous", "read", "publishedSharedWithA", false],
  ["anonymous", "read", "mandateForA", false],
  ["anonymous", "manage", "clientAMembers", false],
  ["anonymous", "read", "editorsToken", false],

  // Organisations: members read, only their admins change.
  ["admin", "read", "providerOrg", true],
  ["admin", "update", "providerOrg", true],
  ["editor", "read", "providerOrg", true],
  ["editor", "update", "providerOrg", false],
  ["viewer", "update", "providerOrg", false],
  ["clientA", "read", "providerOrg", false],
  ["clientA", "read", "clientAOrg", true],
  ["clientA", "update", "clientAOrg", false],
  ["clientB", "read", "clientAOrg", false],
  ["otherProviderAdmin", "read", "providerOrg", false],

  // Memberships and invitations.
  ["admin", "manage", "providerMembers", true],
  ["admin", "manage", "clientAMembers", true], // the provider's admins run client organisations too
  ["admin", "create", "clientAMembers", true],
  ["otherProviderAdmin", "manage", "providerMembers", false], // but not another provider
  ["admin", "manage", "otherProviderMembers", false],
  ["editor", "manage", "providerMembers", false],
  ["editor", "manage", "clientAMembers", false],
  ["viewer", "manage", "clientAMembers", false],
  ["clientA", "manage", "clientAMembers", false],
  ["clientA", "read", "clientAMembers", false],
  ["clientB", "manage", "clientAMembers", false],

  // A trashed document: nobody reads, edits, reviews or deletes it again, not even its owner or an admin.
  ["admin", "read", "trashedPublishedSharedWithA", false],
  ["admin", "administer", "trashedPublishedSharedWithA", false],
  ["editor", "read", "trashedPublishedSharedWithA", false],
  ["editor", "update", "trashedPublishedSharedWithA", false],
  ["editor", "delete", "trashedPublishedSharedWithA", false],
  ["viewer", "read", "trashedPublishedSharedWithA", false],
  ["clientA", "read", "trashedPublishedSharedWithA", false],
  ["editorOnTeamA", "read", "trashedClientADraft", false],
  ["editorOnTeamA", "readDraft", "trashedClientADraft", false],
  ["adminOnTeamA", "delete", "trashedClientADraft", false],

  // House documents, provider staff: everyone reads them all, editors write, delete is admin's or the owner's.
  ["viewer", "read", "draftOwnedByEditor", true],
  ["viewer", "read", "archivedSharedWithA", true],
  ["viewer", "update", "publishedUnshared", false],
  // Delivered to a client (ADR 020): on the record, so nobody edits it, its owner and admins included; they still read it.
  ["editor", "update", "deliveredDraftOwnedByEditor", false],
  ["admin", "update", "deliveredDraftOwnedByEditor", false],
  ["editor", "read", "deliveredDraftOwnedByEditor", true],
  ["editor", "readDraft", "deliveredDraftOwnedByEditor", true],
  ["viewer", "create", "publishedUnshared", false],
  ["editor", "read", "draftOwnedByAdmin", true],
  ["editor", "create", "draftOwnedByEditor", true],
  ["editor", "update", "draftOwnedByAdmin", true],
  ["editor", "delete", "draftOwnedByEditor", true],
  ["editor", "delete", "draftOwnedByAdmin", false],
  ["editor", "delete", "draftWithoutOwner", false],
  ["editor", "manage", "draftOwnedByEditor", true],
  ["editor", "manage", "draftOwnedByAdmin", false],
  ["admin", "delete", "draftOwnedByEditor", true],
  ["admin", "manage", "draftWithoutOwner", true],
  ["otherProviderAdmin", "read", "publishedUnshared", false],
  ["otherProviderAdmin", "update", "publishedUnshared", false],

  // The publishing workflow (ADR 012): editors work on the draft, others read the published version.
  ["editor", "readDraft", "publishedWithDraftSharedWithA", true],
  ["admin", "readDraft", "publishedWithDraftSharedWithA", true],
  ["viewer", "readDraft", "publishedWithDraftSharedWithA", false],
  ["clientA", "readDraft", "publishedWithDraftSharedWithA", false],
  ["clientA", "readDraft", "inReviewSharedWithA", false], // never published: a client reads nothing of it
  ["clientA", "readDraft", "republishingInReviewSharedWithA", false],
  ["viewer", "readDraft", "inReviewSharedWithA", true], // never published: the draft is all there is
  ["clientB", "readDraft", "inReviewSharedWithA", false],
  ["viewer", "readDraft", "draftOwnedByEditor", true],
  ["viewer", "review", "draftOwnedByEditor", true],
  ["editor", "review", "draftOwnedByEditor", true],
  ["clientA", "review", "publishedWithDraftSharedWithA", false],
  ["otherProviderAdmin", "review", "publishedUnshared", false],
  ["admin", "administer", "publishedUnshared", true],
  ["editor", "administer", "draftOwnedByEditor", false],
  ["otherProviderAdmin", "administer", "publishedUnshared", false],

  // Suggesting (ADR 032): whoever edits the draft; a viewer only where an admin allows it, and then they read the draft.
  ["editor", "suggest", "draftOwnedByEditor", true],
  ["admin", "suggest", "publishedUnshared", true],
  ["viewer", "suggest", "draftOwnedByEditor", false],
  ["viewer", "suggest", "draftViewersMaySuggest", true],
  ["viewer", "update", "draftViewersMaySuggest", false], // suggesting is not editing
  ["viewer", "suggest", "publishedWithDraftViewersMaySuggest", true],
  ["viewer", "readDraft", "publishedWithDraftViewersMaySuggest", true], // they suggest on the draft, so they read it
  ["clientA", "suggest", "publishedWithDraftViewersMaySuggest", false], // the allowance is for the provider's viewers
  ["clientA", "readDraft", "publishedWithDraftViewersMaySuggest", false],
  ["otherProviderAdmin", "suggest", "draftViewersMaySuggest", false],
  ["viewer", "suggest", "deliveredViewersMaySuggest", false], // on the record: nobody proposes changes
  ["editor", "suggest", "deliveredDraftOwnedByEditor", false],
  ["viewer", "suggest", "clientADraftViewersMaySuggest", false], // need-to-know first
  ["viewer", "readDraft", "clientADraftViewersMaySuggest", false],
  ["viewerOnTeamA", "suggest", "clientADraftViewersMaySuggest", true],
  ["anonymous", "suggest", "draftViewersMaySuggest", false],
  ["viewer", "suggest", "trashedPublishedSharedWithA", false],

  // Documents, client members: only what is shared with their own organisation, and live.
  ["clientA", "read", "publishedSharedWithA", true],
  ["clientA", "read", "inReviewSharedWithA", false], // shared but never published: no client reads unapproved text
  ["clientA", "read", "republishingInReviewSharedWithA", true], // the published version, while its next draft is reviewed
  ["clientA", "read", "archivedOncePublishedSharedWithA", false],
  ["clientA", "read", "draftSharedWithA", false],
  ["clientA", "read", "archivedSharedWithA", false],
  ["clientA", "read", "publishedUnshared", false],
  ["clientB", "read", "publishedSharedWithA", false],
  ["clientA", "update", "publishedSharedWithA", false],
  ["clientA", "create", "publishedSharedWithA", false],
  ["clientA", "delete", "publishedSharedWithA", false],
  ["clientA", "manage", "publishedSharedWithA", false],

  // Client material (ADR 013): only the client's teams, admins through break-glass, never behind a wall.
  ["editor", "read", "clientADraft", false],
  ["viewer", "read", "clientADraft", false],
  ["admin", "read", "clientADraft", false], // an admin opens it through the break-glass step
  ["admin", "discover", "clientADraft", false],
  ["editorOnTeamA", "read", "clientADraft", true],
  ["editorOnTeamA", "update", "clientADraft", true],
  ["editorOnTeamA", "readDraft", "clientADraft", true],
  ["editorOnTeamA", "delete", "clientADraft", true], // its owner
  ["viewerOnTeamA", "read", "clientADraft", true],
  ["viewerOnTeamA", "update", "clientADraft", false], // the role still counts
  ["adminBreakGlassA", "read", "clientADraft", true],
  ["adminBreakGlassA", "update", "clientADraft", true],
  ["adminWalledA", "read", "clientADraft", false], // a wall beats break-glass
  ["adminWalledA", "administer", "clientADraft", false],
  ["editorWalledOnTeamA", "read", "clientADraft", false], // and the team
  ["editorWalledOnTeamA", "update", "clientADraft", false],
  ["editor", "review", "clientADraft", false],
  ["editorOnTeamA", "read", "publishedUnshared", true], // house knowledge stays readable by all staff
  ["adminWalledA", "read", "publishedSharedWithA", true], // house knowledge shared with the client is still house knowledge
  ["clientA", "read", "clientAPublishedSharedWithA", true],
  ["clientA", "read", "clientADraft", false],
  ["clientB", "read", "clientAPublishedSharedWithA", false],
  ["clientB", "read", "clientASharedWithB", false], // client A's material is never client B's, whatever the share rows say
  ["clientA", "readDraft", "clientAPublishedSharedWithA", false],

  // Clients suggesting on their own deliverables (ADR 032): where the editors opened the draft to them, and only then.
  ["clientA", "suggest", "clientAMaySuggest", true],
  ["clientA", "readDraft", "clientAMaySuggest", true], // they suggest on the draft, so they read it
  ["clientA", "update", "clientAMaySuggest", false], // suggesting is not editing
  ["clientA", "read", "clientAMaySuggest", true],
  ["clientA", "suggest", "clientAMaySuggestInReview", true], // published once: the next draft is under review
  ["clientB", "suggest", "clientAMaySuggest", false], // another client's material
  ["clientB", "readDraft", "clientAMaySuggest", false],
  ["clientA", "suggest", "clientAPublishedSharedWithA", false], // without the flag
  ["clientA", "suggest", "clientAMaySuggestDelivered", false], // delivered: on the record
  ["clientA", "readDraft", "clientAMaySuggestDelivered", false],
  ["clientA", "suggest", "clientAMaySuggestNeverPublished", false], // "read" is unchanged: never published, never read
  ["clientA", "readDraft", "clientAMaySuggestNeverPublished", false],
  ["clientA", "suggest", "clientAMaySuggestUnshared", false], // nor unshared
  ["clientA", "suggest", "clientBMaterialMaySuggestSharedWithA", false], // client B's material is never client A's
  ["clientA", "suggest", "houseSharedWithAClientMaySuggest", false], // house knowledge: never, whatever the column says
  ["clientA", "readDraft", "houseSharedWithAClientMaySuggest", false],
  ["viewer", "suggest", "clientAMaySuggest", false], // the flag is for the client, not for staff without need-to-know
  ["viewerOnTeamA", "suggest", "clientAMaySuggest", false], // nor for the provider's viewers
  ["editorOnTeamA", "suggest", "clientAMaySuggest", true],
  ["adminWalledA", "suggest", "clientAMaySuggest", false],
  ["clientAWalled", "suggest", "clientAMaySuggest", false], // a wall beats everything
  ["clientAWalled", "readDraft", "clientAMaySuggest", false],

  // A playbook's review findings (ADR 037): aggregates across clients, for the provider's staff who open it.
  ["viewer", "readFindings", "publishedSharedWithA", true],
  ["editor", "readFindings", "publishedSharedWithA", true],
  ["clientA", "readFindings", "publishedSharedWithA", false], // shared with them, but the figures span every client
  ["clientA", "read", "publishedSharedWithA", true],
  ["otherProviderAdmin", "readFindings", "publishedSharedWithA", false],
  ["editor", "readFindings", "clientADraft", false], // need-to-know first
  ["editorOnTeamA", "readFindings", "clientADraft", true],
  ["editorWalledOnTeamA", "readFindings", "clientADraft", false],
  ["anonymous", "readFindings", "publishedSharedWithA", false],
  ["viewer", "readFindings", "trashedPublishedSharedWithA", false],

  // Mandates: need-to-know for contents; admins see that each exists; a client reads only its own.
  ["viewer", "read", "mandateForA", false],
  ["viewer", "discover", "mandateForA", false],
  ["editor", "read", "mandateForA", false],
  ["admin", "read", "mandateForA", false],
  ["admin", "discover", "mandateForA", true],
  ["viewerOnTeamA", "read", "mandateForA", true],
  ["viewerOnTeamA", "update", "mandateForA", false],
  ["viewerOnTeamA", "read", "mandateForB", false], // a team of client A opens nothing of client B
  ["editorOnTeamA", "read", "mandateForA", true],
  ["editorOnTeamA", "update", "mandateForA", true],
  ["editorOnTeamA", "update", "mandateForB", false],
  ["editor", "create", "mandateForA", true],
  ["editor", "update", "mandateForA", false],
  ["editorOnTeamA", "delete", "mandateForA", false],
  ["admin", "delete", "mandateForA", false], // not without opening it
  ["adminOnTeamA", "delete", "mandateForA", true],
  ["adminBreakGlassA", "read", "mandateForA", true],
  ["adminBreakGlassA", "read", "mandateForB", false],
  ["adminBreakGlassA", "discover", "mandateForB", true],
  ["adminWalledA", "discover", "mandateForA", false], // walled: nothing of that client anywhere
  ["adminWalledA", "read", "mandateForA", false],
  ["adminWalledA", "create", "mandateForA", false],
  ["adminWalledA", "discover", "mandateForB", true],
  ["editorWalledOnTeamA", "read", "mandateForA", false],
  ["clientA", "discover", "mandateForA", true],
  ["clientA", "read", "mandateForA", true],
  ["clientA", "read", "mandateForB", false], // another client's mandate
  ["clientB", "read", "mandateForA", false],
  ["clientA", "update", "mandateForA", false],
  ["clientA", "delete", "mandateForA", false],
  ["otherProviderAdmin", "read", "mandateForA", false],
  // Negotiation outcomes (ADR 036): the team's editors record them, clients and viewers only read;
  // an admin who opens the mandate decides an approval on anyone's behalf.
  ["editorOnTeamA", "recordOutcome", "mandateForA", true],
  ["adminOnTeamA", "recordOutcome", "mandateForA", true],
  ["viewerOnTeamA", "recordOutcome", "mandateForA", false],
  ["editor", "recordOutcome", "mandateForA", false], // need-to-know first
  ["editorOnTeamA", "recordOutcome", "mandateForB", false],
  ["editorWalledOnTeamA", "recordOutcome", "mandateForA", false],
  ["clientA", "recordOutcome", "mandateForA", false], // clients read their outcomes, never record them
  ["adminOnTeamA", "decideAnyApproval", "mandateForA", true],
  ["adminBreakGlassA", "decideAnyApproval", "mandateForA", true],
  ["admin", "decideAnyApproval", "mandateForA", false], // not without opening it
  ["adminWalledA", "decideAnyApproval", "mandateForA", false],
  ["editorOnTeamA", "decideAnyApproval", "mandateForA", false],
  ["clientA", "decideAnyApproval", "mandateForA", false],
  // Scope and change control (ADR 043): the provider's team sees assumptions, breaches and drafts;
  // the PM or an admin who opens the mandate edits them; the client's members decide what is sent.
  ["viewerOnTeamA", "readScope", "mandateForA", true],
  ["editorOnTeamA", "readScope", "mandateForA", true],
  ["editor", "readScope", "mandateForA", false], // need-to-know first
  ["admin", "readScope", "mandateForA", false], // not without opening it
  ["editorWalledOnTeamA", "readScope", "mandateForA", false],
  ["clientA", "readScope", "mandateForA", false], // breaches are the provider's until a change request cites one
  ["editorOnTeamA", "manageScope", "mandateForAManagedByEditorA", true],
  ["editorOnTeamA", "manageScope", "mandateForA", false], // on the team, but not its PM
  ["editorOnTeamA", "manageScope", "mandateForBManagedByEditorA", false], // no need-to-know of client B
  ["viewerOnTeamA", "manageScope", "mandateForA", false],
  ["adminOnTeamA", "manageScope", "mandateForA", true],
  ["adminBreakGlassA", "manageScope", "mandateForA", true],
  ["admin", "manageScope", "mandateForA", false],
  ["adminWalledA", "manageScope", "mandateForA", false],
  ["clientA", "manageScope", "mandateForAManagedByEditorA", false],
  ["clientA", "decideChangeRequest", "mandateForA", true],
  ["clientA", "decideChangeRequest", "mandateForB", false], // another client's mandate
  ["clientB", "decideChangeRequest", "mandateForA", false],
  ["clientAWalled", "decideChangeRequest", "mandateForA", false],
  ["editorOnTeamA", "decideChangeRequest", "mandateForAManagedByEditorA", false], // the client decides, never the provider
  ["adminOnTeamA", "decideChangeRequest", "mandateForA", false],

  // The mandate's log (ADR 040): the provider's staff who open the mandate read it, its editors write it; never a client.
  ["viewerOnTeamA", "read", "logOfMandateA", true],
  ["viewerOnTeamA", "create", "logOfMandateA", false],
  ["editorOnTeamA", "create", "logOfMandateA", true],
  ["editorOnTeamA", "update", "logOfMandateA", true],
  ["editor", "read", "logOfMandateA", false], // need-to-know first
  ["editorWalledOnTeamA", "read", "logOfMandateA", false],
  ["clientA", "read", "logOfMandateA", false],
  ["clientB", "read", "logOfMandateA", false],
  // Status reports (ADR 040): the PM or an admin writes and releases, another editor reviews; a client reads only released ones of their own.
  ["editorOnTeamA", "read", "draftReportA", true],
  ["viewerOnTeamA", "read", "draftReportA", true],
  ["editorOnTeamA", "update", "draftReportA", true], // editor-a is the PM
  ["editorOnTeamA", "update", "reportInReviewA", false], // frozen for the review
  ["adminOnTeamA", "update", "draftReportA", true],
  ["adminBreakGlassA", "update", "draftReportA", true],
  ["viewerOnTeamA", "update", "draftReportA", false],
  ["editor", "read", "draftReportA", false], // need-to-know first
  ["editorWalledOnTeamA", "read", "releasedReportA", false],
  ["editorOnTeamA", "review", "reportInReviewA", false], // whoever submitted it does not approve it
  ["adminOnTeamA", "review", "reportInReviewA", true],
  ["viewerOnTeamA", "review", "reportInReviewA", false],
  ["adminOnTeamA", "review", "draftReportA", false],
  ["editorOnTeamA", "release", "reportInReviewA", true],
  ["editorOnTeamA", "release", "draftReportA", false],
  ["adminOnTeamA", "release", "reportInReviewA", true],
  ["viewerOnTeamA", "release", "reportInReviewA", false],
  ["editorOnTeamA", "update", "releasedReportA", false], // on the record
  ["clientA", "read", "releasedReportA", true],
  ["clientA", "read", "draftReportA", false],
  ["clientA", "read", "reportInReviewA", false],
  ["clientA", "read", "releasedReportB", false], // another client's
  ["clientAWalled", "read", "releasedReportA", false],
  ["clientA", "update", "releasedReportA", false],
  ["clientA", "review", "reportInReviewA", false],
  ["otherProviderAdmin", "read", "releasedReportA", false],
  ["anonymous", "read", "releasedReportA", false],
  // Time entries (ADR 039): the provider's staff who open the mandate read them; the PM and admins
  // write anyone's, a team member their own; a client never sees or writes one, even on their mandate.
  ["viewerOnTeamA", "read", "timeOfEditorOnA", true],
  ["viewerOnTeamA", "create", "timeOfViewerOnA", true], // their own time
  ["viewerOnTeamA", "update", "timeOfEditorOnA", false], // someone else's
  ["viewerOnTeamA", "create", "timeOfViewerOnAOffTeam", false], // off the team
  ["editorOnTeamA", "create", "timeOfViewerOnA", true], // the PM, for anyone
  ["editorOnTeamA", "delete", "timeOfViewerOnA", true],
  ["adminBreakGlassA", "update", "timeOfViewerOnA", true],
  ["adminWalledA", "read", "timeOfViewerOnA", false],
  ["editor", "read", "timeOfViewerOnA", false], // need-to-know first
  ["editorWalledOnTeamA", "read", "timeOfEditorOnA", false],
  ["clientA", "read", "timeOfViewerOnA", false],
  ["clientA", "create", "timeOfViewerOnA", false],
  ["clientB", "read", "timeOfViewerOnA", false],
  ["otherProviderAdmin", "read", "timeOfViewerOnA", false],
  ["anonymous", "read", "timeOfViewerOnA", false],
  // Rate cards: the provider's admins only.
  ["admin", "read", "providerRateCard", true],
  ["admin", "create", "providerRateCard", true],
  ["editorOnTeamA", "read", "providerRateCard", false],
  ["viewer", "read", "providerRateCard", false],
  ["clientA", "read", "providerRateCard", false],
  ["otherProviderAdmin", "update", "providerRateCard", false],
  // Waiting on the client stops the SLA clock (ADR 041): the mandate's PM and the provider's admins who open it, no one else.
  ["editorOnTeamA", "waitOnClient", "mandateForAManagedByEditorA", true],
  ["editorOnTeamA", "waitOnClient", "mandateForA", false], // on the team, not its PM
  ["viewerOnTeamA", "waitOnClient", "mandateForARunByViewerA", false], // a PM who cannot write any more
  ["adminOnTeamA", "waitOnClient", "mandateForAManagedByEditorA", true],
  ["adminBreakGlassA", "waitOnClient", "mandateForA", true],
  ["admin", "waitOnClient", "mandateForA", false], // not without opening it
  ["adminWalledA", "waitOnClient", "mandateForA", false],
  ["clientA", "waitOnClient", "mandateForAManagedByEditorA", false], // the client answers, never stops the clock

  // Client requests and acceptance (ADR 042): the client asks and answers; the PM or an admin who
  // opens the mandate decides requests; only an admin records an answer on the client's behalf.
  ["clientA", "requestWork", "mandateForA", true],
  ["clientB", "requestWork", "mandateForA", false], // another client's mandate
  ["clientAWalled", "requestWork", "mandateForA", false],
  ["editorOnTeamA", "requestWork", "mandateForA", false], // staff add deliverables, they do not request them
  ["adminOnTeamA", "requestWork", "mandateForA", false],
  ["clientA", "answerDelivery", "mandateForA", true],
  ["clientA", "answerDelivery", "mandateForB", false],
  ["clientAWalled", "answerDelivery", "mandateForA", false],
  ["editorOnTeamA", "answerDelivery", "mandateForA", false], // the provider no longer accepts its own work
  ["adminOnTeamA", "answerDelivery", "mandateForA", false],
  ["adminOnTeamA", "answerDeliveryOnBehalf", "mandateForA", true],
  ["adminBreakGlassA", "answerDeliveryOnBehalf", "mandateForA", true],
  ["admin", "answerDeliveryOnBehalf", "mandateForA", false], // not without opening it
  ["adminWalledA", "answerDeliveryOnBehalf", "mandateForA", false],
  ["editorOnTeamA", "answerDeliveryOnBehalf", "mandateForA", false],
  ["clientA", "answerDeliveryOnBehalf", "mandateForA", false],
  ["editorOnTeamA", "manageRequests", "mandateForAManagedByEditorA", true], // the mandate's PM
  ["editorOnTeamA", "manageRequests", "mandateForA", false], // on the team, not the PM
  ["viewerOnTeamA", "manageRequests", "mandateForAManagedByEditorA", false],
  ["adminOnTeamA", "manageRequests", "mandateForA", true],
  ["admin", "manageRequests", "mandateForA", false], // not without opening it
  ["editorWalledOnTeamA", "manageRequests", "mandateForAManagedByEditorA", false],
  ["clientA", "manageRequests", "mandateForAManagedByEditorA", false],
  ["clientA", "read", "mandateForAManagedByEditorA", true],

  // Comment threads: an internal thread is for the provider's staff who read the document, whatever their role.
  ["viewer", "read", "internalThreadOnSharedWithA", true],
  ["viewer", "create", "internalThreadOnSharedWithA", true], // reading is enough to comment
  ["editor", "update", "internalThreadOnSharedWithA", true], // resolve, reopen
  ["clientA", "read", "internalThreadOnSharedWithA", false], // never a client, even on a document shared with them
  ["clientA", "create", "internalThreadOnSharedWithA", false],
  ["otherProviderAdmin", "read", "internalThreadOnSharedWithA", false],
  ["anonymous", "read", "internalThreadOnSharedWithA", false],
  ["admin", "read", "internalThreadOnTrashed", false],
  ["editor", "read", "internalThreadOnClientADraft", false], // client material: need-to-know first
  ["editorOnTeamA", "read", "internalThreadOnClientADraft", true],
  ["editorWalledOnTeamA", "read", "internalThreadOnClientADraft", false],
  // A client thread: the provider's staff and that one client.
  ["viewer", "read", "clientAThreadOnSharedWithA", true],
  ["clientA", "read", "clientAThreadOnSharedWithA", true],
  ["clientA", "create", "clientAThreadOnSharedWithA", true],
  ["clientA", "update", "clientAThreadOnSharedWithA", true],
  ["clientB", "read", "clientAThreadOnSharedWithA", false], // client B reads the document, not client A's thread
  ["clientB", "read", "clientBThreadOnSharedWithAB", true],
  ["clientA", "read", "clientBThreadOnSharedWithAB", false],
  ["editor", "read", "clientBThreadOnSharedWithAOnly", false], // visible to a client the document is not shared with: no such thread
  ["editor", "create", "clientBThreadOnSharedWithAOnly", false],
  ["clientA", "read", "clientAThreadOnDraftSharedWithA", false], // a client reads no unpublished document, nor its threads
  ["viewer", "read", "clientAThreadOnDraftSharedWithA", true],
  ["clientA", "read", "clientAThreadOnClientAMaterial", true],
  ["editor", "read", "clientAThreadOnClientAMaterial", false], // need-to-know
  ["editorOnTeamA", "create", "clientAThreadOnClientAMaterial", true],
  ["editorOnTeamA", "read", "clientBThreadOnClientAMaterial", false], // client A's material is never client B's
  ["clientB", "read", "clientBThreadOnClientAMaterial", false],
  // One's own comment: edit and delete it; nobody else's, admins included.
  ["clientA", "update", "clientAsCommentOnSharedWithA", true],
  ["clientA", "delete", "clientAsCommentOnSharedWithA", true],
  ["admin", "delete", "clientAsCommentOnSharedWithA", false],
  ["admin", "read", "clientAsCommentOnSharedWithA", true],
  ["clientB", "read", "clientAsCommentOnSharedWithA", false],
  ["editor", "update", "editorsCommentOnInternalThread", true],
  ["viewer", "update", "editorsCommentOnInternalThread", false],
  ["clientA", "read", "editorsCommentOnInternalThread", false],

  // API tokens: each user their own, admins included.
  ["editor", "create", "editorsToken", true],
  ["editor", "read", "editorsToken", true],
  ["editor", "delete", "editorsToken", true],
  ["editor", "read", "adminsToken", false],
  ["editor", "delete", "adminsToken", false],
  ["admin", "read", "editorsToken", false],
  ["admin", "delete", "editorsToken", false],
  ["clientA", "create", "adminsToken", false],
];

describe("can", () => {
  test.each(rows)("%s may %s %s → %s", (who, action, what, expected) => {
    expect(can(viewers[who], action, resources[what])).toBe(expected);
  });

  test("a client member of two organisations reads what is shared with either", () => {
    const both = buildViewer("both", [
      [CLIENT_A, "CLIENT"],
      [CLIENT_B, "CLIENT"],
    ]);
    expect(can(both, "read", doc("PUBLISHED", [CLIENT_B]))).toBe(true);
    expect(can(both, "read", resources.mandateForB)).toBe(true);
  });

  test("sharing counts only for CLIENT memberships, not provider roles held elsewhere", () => {
    const otherStaff = buildViewer("other-staff", [[OTHER_PROVIDER, "EDITOR"]]);
    const sharedWithOtherProvider = doc("PUBLISHED", [OTHER_PROVIDER]);
    expect(can(otherStaff, "read", sharedWithOtherProvider)).toBe(false);
  });
});

describe("authorize", () => {
  test("passes silently when allowed", () => {
    expect(() => authorize(viewers.admin, "manage", resources.clientAMembers)).not.toThrow();
  });

  test("throws a 403 forbidden AppError when refused", () => {
    expect(() => authorize(viewers.clientA, "read", resources.mandateForB)).toThrow(
      expect.objectContaining({ status: 403, code: "forbidden" }),
    );
  });
});

describe("abilities", () => {
  test("offer member management to admins and mark client-only viewers", () => {
    expect(abilities(viewers.admin)).toEqual({ manageMembers: true, isClient: false });
    expect(abilities(viewers.editor)).toEqual({ manageMembers: false, isClient: false });
    expect(abilities(viewers.clientA)).toEqual({ manageMembers: false, isClient: true });
  });
});
