// The documents service against a real database: who sees what (and how lists page over it),
// validation, toolkits, versions with restore and diff, and the audit trail.
import * as Y from "yjs";
import { beforeAll, describe, expect, test } from "vitest";
import { can } from "../../server/auth/policy.ts";
import { createAuthService } from "../../server/auth/service.ts";
import type { Viewer } from "../../server/auth/viewer.ts";
import { AppError } from "../../server/errors.ts";
import { applyJsonAsUpdate, deriveContent, markdownToJson } from "../../server/documents/derive.ts";
import { documentResource } from "../../server/documents/policy.ts";
import { createDocumentService, type DocumentService } from "../../server/documents/service.ts";
import { createDocumentStateStore, type DocumentStateStore } from "../../server/documents/state-store.ts";
import type { DocumentSync } from "../../server/documents/versions.ts";
import { createUser, viewerOf } from "../factories/users.ts";
import { useTestDatabase } from "../helpers/database.ts";

const db = useTestDatabase();

/** A stand-in for server/collab that does what the contract says: store the update, then (no room here) nothing more. */
function recordingSync(store: () => DocumentStateStore) {
  const calls: { applyUpdate: Array<{ documentId: string; origin: unknown }>; revoke: Array<{ documentIds?: string[] }> } = {
    applyUpdate: [],
    revoke: [],
  };
  const sync: DocumentSync = {
    async applyUpdate(documentId, update, origin) {
      calls.applyUpdate.push({ documentId, origin });
      await store().append(documentId, update);
    },
    revoke(scope) {
      calls.revoke.push(scope);
    },
  };
  return { sync, calls };
}

let documents: DocumentService;
let store: DocumentStateStore;
let sync: ReturnType<typeof recordingSync>;
let admin: Viewer;
let editor: Viewer;
let otherEditor: Viewer;
let staffViewer: Viewer;
let clientA: Viewer;
let clientB: Viewer;
let clientAOrg: string;
let clientBOrg: string;
let providerOrg: string;

async function expectAppError(promise: Promise<unknown>, status: number, code: string) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect({ status: (error as AppError).status, code: (error as AppError).code }).toEqual({ status, code });
  return error as AppError;
}

const issuePaths = (error: AppError) => (error.details?.issues as { path: string }[]).map((i) => i.path);

/** An edit as a collaborator would make it: an update on top of the stored state, appended to the log. */
async function editContent(documentId: string, markdown: string) {
  const current = await store.load(documentId);
  await store.append(documentId, applyJsonAsUpdate(current, markdownToJson(markdown)));
  current.destroy();
}

async function currentText(documentId: string) {
  const doc = await store.load(documentId);
  try {
    return deriveContent(doc).text;
  } finally {
    doc.destroy();
  }
}

beforeAll(async () => {
  const prisma = db().prisma;
  const auth = createAuthService({ db: prisma });
  store = createDocumentStateStore({ db: prisma });
  sync = recordingSync(() => store);
  documents = createDocumentService({ db: prisma, store });
  documents.connectSync(sync.sync);
  const make = async (role: "ADMIN" | "EDITOR" | "VIEWER" | "CLIENT", organizationName?: string) => {
    const { user, organization } = await createUser(auth, { role, organizationName });
    return { viewer: await viewerOf(prisma, user.id), organization };
  };
  const a = await make("ADMIN", "Provider LLP");
  admin = a.viewer;
  providerOrg = a.organization.id;
  editor = (await make("EDITOR", "Provider LLP")).viewer;
  otherEditor = (await make("EDITOR", "Provider LLP")).viewer;
  staffViewer = (await make("VIEWER", "Provider LLP")).viewer;
  const ca = await make("CLIENT", "Client A");
  clientA = ca.viewer;
  clientAOrg = ca.organization.id;
  const cb = await make("CLIENT", "Client B");
  clientB = cb.viewer;
  clientBOrg = cb.organization.id;
});

describe("who sees what", () => {
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    const create = async (key: string, input: Record<string, unknown>) => {
      ids[key] = (await documents.create(editor, { kind: "PLAYBOOK", title: `Visibility ${key}`, ...input })).id;
    };
    await create("sharedA", { status: "PUBLISHED", visibility: "SHARED", sharedWithOrganizationIds: [clientAOrg] });
    await create("sharedB", { status: "PUBLISHED", visibility: "SHARED", sharedWithOrganizationIds: [clientBOrg] });
    await create("sharedBoth", { status: "PUBLISHED", visibility: "SHARED", sharedWithOrganizationIds: [clientAOrg, clientBOrg] });
    // Shared, in review, never published: no client reads text nobody approved.
    await create("unapprovedBoth", { status: "IN_REVIEW", visibility: "SHARED", sharedWithOrganizationIds: [clientAOrg, clientBOrg] });
    // Published once, its row now IN_REVIEW (as rows from before ADR 012 may be): clients read the publication.
    await create("reviewedAgainA", { status: "PUBLISHED", visibility: "SHARED", sharedWithOrganizationIds: [clientAOrg] });
    await db().prisma.document.update({ where: { id: ids.reviewedAgainA }, data: { status: "IN_REVIEW" } });
    await create("draftA", { status: "DRAFT", visibility: "SHARED", sharedWithOrganizationIds: [clientAOrg] });
    await create("internal", { status: "PUBLISHED" });
    await create("archivedA", { status: "PUBLISHED", visibility: "SHARED", sharedWithOrganizationIds: [clientAOrg] });
    await documents.archive(admin, ids.archivedA);
    // In the trash: gone for everyone, the agreement test below included.
    await create("trashedA", { status: "PUBLISHED", visibility: "SHARED", sharedWithOrganizationIds: [clientAOrg] });
    await documents.delete(editor, ids.trashedA);
  });

  const titles = async (viewer: Viewer, query: Record<string, unknown> = {}) =>
    (await documents.list(viewer, { q: "Visibility", pageSize: 100, ...query })).items.map((d) => d.title.replace("Visibility ", "")).sort();

  test("a client sees only live documents shared with their own organisation", async () => {
    expect(await titles(clientA)).toEqual(["reviewedAgainA", "sharedA", "sharedBoth"]);
    expect(await titles(clientB)).toEqual(["sharedB", "sharedBoth"]);
    expect(await titles(clientA, { status: "DRAFT" })).toEqual([]);
    expect(await titles(clientA, { status: "ARCHIVED" })).toEqual([]);
  });

  test("the provider's members see everything; archived documents only when asked for", async () => {
    for (const viewer of [editor, staffViewer, admin]) {
      expect(await titles(viewer)).toEqual(["draftA", "internal", "reviewedAgainA", "sharedA", "sharedB", "sharedBoth", "unapprovedBoth"]);
      expect(await titles(viewer, { status: "ARCHIVED" })).toEqual(["archivedA"]);
    }
  });

  test("pages and counts cover exactly what the client may read", async () => {
    const first = await documents.list(clientA, { q: "Visibility", pageSize: 1, sort: "title" });
    const second = await documents.list(clientA, { q: "Visibility", pageSize: 1, sort: "title", page: 2 });
    const third = await documents.list(clientA, { q: "Visibility", pageSize: 1, sort: "title", page: 3 });
    const fourth = await documents.list(clientA, { q: "Visibility", pageSize: 1, sort: "title", page: 4 });
    expect({ total: first.total, pageCount: first.pageCount }).toEqual({ total: 3, pageCount: 3 });
    expect([...first.items, ...second.items, ...third.items].map((d) => d.title)).toEqual([
      "Visibility reviewedAgainA",
      "Visibility sharedA",
      "Visibility sharedBoth",
    ]);
    expect(fourth.items).toEqual([]);
  });

  test("the list's WHERE clause agrees with can(viewer, read) for every document and viewer", async () => {
    const all = await db().prisma.document.findMany({ include: { shares: { select: { organizationId: true } } } });
    for (const viewer of [admin, editor, staffViewer, clientA, clientB]) {
      const listed = new Set<string>();
      for (const status of ["DRAFT", "IN_REVIEW", "PUBLISHED", "ARCHIVED"]) {
        for (const d of (await documents.list(viewer, { status, pageSize: 100 })).items) listed.add(d.id);
      }
      const readable = all.filter((d) => can(viewer, "read", documentResource(d))).map((d) => d.id);
      expect([...listed].sort()).toEqual(readable.sort());
    }
  });

  test("a document a client may not read is a 404, as if it did not exist", async () => {
    await expectAppError(documents.get(clientA, ids.sharedB), 404, "document_not_found");
    await expectAppError(documents.get(clientA, ids.draftA), 404, "document_not_found");
    await expectAppError(documents.get(clientA, ids.archivedA), 404, "document_not_found");
    await expectAppError(documents.get(clientA, ids.unapprovedBoth), 404, "document_not_found");
    await expectAppError(documents.get(clientB, ids.unapprovedBoth), 404, "document_not_found");
    await expectAppError(documents.get(clientA, "no-such-document"), 404, "document_not_found");
    expect((await documents.get(clientA, ids.sharedA)).title).toBe("Visibility sharedA");
  });

  test("a client may read but not change, and never learns who else it is shared with", async () => {
    await expectAppError(documents.update(clientA, ids.sharedBoth, { title: "Mine now" }), 403, "forbidden");
    await expectAppError(documents.delete(clientA, ids.sharedBoth), 403, "forbidden");
    const { presentDocument } = await import("../../server/documents/presenter.ts");
    const shown = presentDocument(await documents.get(clientA, ids.sharedBoth), clientA);
    expect(shown.sharedWith).toBeUndefined();
    // Published: the client reads the publication, never the draft (ADR 012).
    expect(shown.abilities).toEqual({ update: false, delete: false, seeShares: false, administer: false, readDraft: false, suggest: false });
    // Whether the provider's viewers may suggest is the provider's business.
    expect(shown.viewersMaySuggest).toBeUndefined();
    expect(shown.clientMaySuggest).toBeUndefined();
    expect(presentDocument(await documents.get(editor, ids.sharedBoth), editor).sharedWith?.map((s) => s.name)).toEqual([
      "Client A",
      "Client B",
    ]);
  });

  test("turning a document internal hides it from clients, forgets its shares and re-checks open sockets", async () => {
    const id = (await documents.create(editor, {
      kind: "TEMPLATE",
      title: "Soon internal",
      status: "PUBLISHED",
      visibility: "SHARED",
      sharedWithOrganizationIds: [clientAOrg],
    })).id;
    expect((await documents.get(clientA, id)).id).toBe(id);
    sync.calls.revoke.length = 0;
    await documents.update(editor, id, { visibility: "INTERNAL" });
    expect(sync.calls.revoke).toEqual([{ documentIds: [id] }]);
    await expectAppError(documents.get(clientA, id), 404, "document_not_found");
    expect(await documents.getAccess(id)).toMatchObject({ sharedWithOrganizationIds: [] });
    expect(await db().prisma.documentShare.count({ where: { documentId: id } })).toBe(0);
  });

  test("getAccess returns the policy resource, or null for an unknown id", async () => {
    expect(await documents.getAccess(ids.unapprovedBoth!)).toEqual({
      type: "document",
      organizationId: providerOrg,
      ownerId: editor.id,
      status: "IN_REVIEW",
      sharedWithOrganizationIds: expect.arrayContaining([clientAOrg, clientBOrg]),
      hasPublishedVersion: false,
      clientOrganizationId: null,
      deleted: false,
      deliveryLocked: false,
      viewersMaySuggest: false,
      clientMaySuggest: false,
    });
    expect(await documents.getAccess("nope")).toBeNull();
  });

  test("filters: kind, tag, jurisdiction, practice area, owner, title search", async () => {
    await documents.create(otherEditor, {
      kind: "PRECEDENT",
      title: "Filter target SPA",
      practiceArea: "Corporate",
      jurisdictions: ["England & Wales", "Scotland"],
      tags: ["m&a", "spa"],
    });
    const only = async (query: Record<string, unknown>) =>
      (await documents.list(editor, { pageSize: 100, ...query })).items.map((d) => d.title);
    expect(await only({ kind: "PRECEDENT" })).toEqual(["Filter target SPA"]);
    expect(await only({ tag: "spa" })).toEqual(["Filter target SPA"]);
    expect(await only({ jurisdiction: "Scotland" })).toEqual(["Filter target SPA"]);
    expect(await only({ practiceArea: "corporate" })).toEqual(["Filter target SPA"]);
    expect(await only({ ownerId: otherEditor.id })).toEqual(["Filter target SPA"]);
    expect(await only({ q: "target spa" })).toEqual(["Filter target SPA"]);
    const facets = await documents.listFacets(editor);
    expect(facets.tags).toEqual(expect.arrayContaining(["m&a", "spa"]));
    expect(facets.owners.map((o) => o.id)).toEqual(expect.arrayContaining([editor.id, otherEditor.id]));
    expect((await documents.listFacets(clientA)).tags).toEqual([]);
  });

  test("title search matches words and word beginnings, not the middle of a word (issue 14)", async () => {
    for (const title of ["Mandate letter for Quokka", "Quokka mutual NDA", "Quokka (NDA) checklist", "Quokka nda-lite terms"]) {
      await documents.create(otherEditor, { kind: "TEMPLATE", title });
    }
    const titles = async (q: string) => (await documents.list(editor, { q, pageSize: 100 })).items.map((d) => d.title).filter((t) => t.includes("Quokka")).sort();
    // "NDA" is inside "Mandate": not a match
    expect(await titles("NDA")).toEqual(["Quokka (NDA) checklist", "Quokka mutual NDA", "Quokka nda-lite terms"]);
    expect(await titles("quokka MUT")).toEqual(["Quokka mutual NDA"]);
    expect(await titles("letter mandate")).toEqual(["Mandate letter for Quokka"]);
    expect(await titles("okka")).toEqual([]);
    // typed wildcards are plain characters
    expect(await titles("n_a")).toEqual([]);
    expect(await titles("%")).toEqual([]);
  });

  test("bad list parameters are a 400 naming each one", async () => {
    const error = await expectAppError(
      documents.list(editor, { kind: "MEMO", page: "0", pageSize: "1000", sort: "size" }),
      400,
      "invalid_request",
    );
    expect(issuePaths(error).sort()).toEqual(["kind", "page", "pageSize", "sort"]);
  });
});

describe("create and update", () => {
  test("creates from Markdown: the content is stored as a Y.Doc and derived", async () => {
    const doc = await documents.create(editor, {
      kind: "PLAYBOOK",
      title: "  NDA playbook  ",
      tags: "nda, confidentiality, NDA",
      jurisdictions: ["England & Wales"],
      markdown: "# Confidentiality\n\nThe recipient keeps the information secret.",
    });
    expect(doc).toMatchObject({ title: "NDA playbook", tags: ["nda", "confidentiality"], status: "DRAFT", visibility: "INTERNAL", ownerId: editor.id });
    const full = await documents.get(editor, doc.id);
    expect(full.contentText).toContain("The recipient keeps the information secret.");
    expect(full.sections).toEqual([expect.objectContaining({ anchor: "confidentiality", kind: "heading" })]);
    expect(await currentText(doc.id)).toBe(full.contentText);
  });

  test("refuses what does not fit, naming each field, and writes nothing", async () => {
    const before = await db().prisma.document.count();
    const error = await expectAppError(
      documents.create(editor, {
        kind: "MEMO",
        title: " ",
        tags: Array.from({ length: 30 }, (_, i) => `tag${i}`),
        visibility: "INTERNAL",
        sharedWithOrganizationIds: [clientAOrg],
        colour: "blue",
      }),
      400,
      "invalid_request",
    );
    expect(issuePaths(error)).toEqual(expect.arrayContaining(["kind", "title", "tags", ""]));
    await expectAppError(documents.create(editor, { kind: "PLAYBOOK", title: "x".repeat(201) }), 400, "invalid_request");
    await expectAppError(documents.create(editor, { kind: "PLAYBOOK", title: "Both", markdown: "a", json: { type: "doc" } }), 400, "invalid_request");
    const badJson = await expectAppError(
      documents.create(editor, { kind: "PLAYBOOK", title: "Bad JSON", json: { type: "doc", content: [{ type: "rocket" }] } }),
      400,
      "invalid_request",
    );
    expect(issuePaths(badJson)).toEqual(["json"]);
    const providerShare = await expectAppError(
      documents.create(editor, { kind: "PLAYBOOK", title: "Share", visibility: "SHARED", sharedWithOrganizationIds: [providerOrg] }),
      400,
      "invalid_request",
    );
    expect(issuePaths(providerShare)).toEqual(["sharedWithOrganizationIds"]);
    expect(await db().prisma.document.count()).toBe(before);
  });

  test("only the provider's editors and admins create", async () => {
    await expectAppError(documents.create(staffViewer, { kind: "PLAYBOOK", title: "No" }), 403, "forbidden");
    await expectAppError(documents.create(clientA, { kind: "PLAYBOOK", title: "No" }), 403, "forbidden");
  });

  test("a PATCH changes only what it names; an empty or unknown one is refused", async () => {
    const doc = await documents.create(editor, { kind: "TEMPLATE", title: "Engagement letter", practiceArea: "Employment", tags: ["hr"] });
    const updated = await documents.update(otherEditor, doc.id, { title: "Engagement letter (2026)", practiceArea: null });
    expect(updated).toMatchObject({ title: "Engagement letter (2026)", practiceArea: null, tags: ["hr"], kind: "TEMPLATE" });
    await expectAppError(documents.update(editor, doc.id, {}), 400, "invalid_request");
    await expectAppError(documents.update(editor, doc.id, { kind: "PLAYBOOK" }), 400, "invalid_request");
    await expectAppError(documents.update(staffViewer, doc.id, { title: "Viewer edit" }), 403, "forbidden");
  });

  test("delete: the owner or an admin, not another editor", async () => {
    const doc = await documents.create(editor, { kind: "PRECEDENT", title: "To delete" });
    await expectAppError(documents.delete(otherEditor, doc.id), 403, "forbidden");
    await documents.delete(admin, doc.id);
    await expectAppError(documents.get(editor, doc.id), 404, "document_not_found");
  });
});

describe("toolkits", () => {
  let toolkit: string;
  let a: string;
  let b: string;
  let c: string;
  let nested: string;

  beforeAll(async () => {
    toolkit = (await documents.create(editor, {
      kind: "TOOLKIT",
      title: "Commercial contracts toolkit",
      status: "PUBLISHED",
      visibility: "SHARED",
      sharedWithOrganizationIds: [clientAOrg],
    })).id;
    a = (await documents.create(editor, { kind: "PLAYBOOK", title: "Toolkit A", status: "PUBLISHED", visibility: "SHARED", sharedWithOrganizationIds: [clientAOrg] })).id;
    b = (await documents.create(editor, { kind: "TEMPLATE", title: "Toolkit B" })).id;
    c = (await documents.create(editor, { kind: "PRECEDENT", title: "Toolkit C" })).id;
    nested = (await documents.create(editor, { kind: "TOOLKIT", title: "Another toolkit" })).id;
  });

  const order = async (viewer: Viewer) => (await documents.listToolkitItems(viewer, toolkit)).map((i) => i.document.title);

  test("add, move and remove keep an ordered list", async () => {
    await documents.addToolkitItem(editor, toolkit, { documentId: a });
    await documents.addToolkitItem(editor, toolkit, { documentId: b });
    await documents.addToolkitItem(editor, toolkit, { documentId: c });
    expect(await order(editor)).toEqual(["Toolkit A", "Toolkit B", "Toolkit C"]);
    await documents.moveToolkitItem(editor, toolkit, { documentId: c, direction: "up" });
    expect(await order(editor)).toEqual(["Toolkit A", "Toolkit C", "Toolkit B"]);
    await documents.moveToolkitItem(editor, toolkit, { documentId: a, direction: "up" });
    expect(await order(editor)).toEqual(["Toolkit A", "Toolkit C", "Toolkit B"]);
    await documents.removeToolkitItem(editor, toolkit, { documentId: c });
    expect(await order(editor)).toEqual(["Toolkit A", "Toolkit B"]);
    await documents.setToolkitItems(editor, toolkit, { documentIds: [b, c, a] });
    expect(await order(editor)).toEqual(["Toolkit B", "Toolkit C", "Toolkit A"]);
  });

  test("no duplicates, no toolkits inside toolkits, no unknown documents, not itself", async () => {
    await expectAppError(documents.addToolkitItem(editor, toolkit, { documentId: a }), 409, "already_in_toolkit");
    const dup = await expectAppError(documents.setToolkitItems(editor, toolkit, { documentIds: [a, a] }), 400, "invalid_request");
    expect(issuePaths(dup)).toEqual(["documentIds.1"]);
    const bad = await expectAppError(
      documents.setToolkitItems(editor, toolkit, { documentIds: [nested, "missing", toolkit] }),
      400,
      "invalid_request",
    );
    expect(issuePaths(bad)).toEqual(["documentIds.0", "documentIds.1", "documentIds.2"]);
    await expectAppError(documents.setToolkitItems(editor, a, { documentIds: [b] }), 409, "not_a_toolkit");
    expect(await order(editor)).toEqual(["Toolkit B", "Toolkit C", "Toolkit A"]);
  });

  test("candidates to add are readable, not toolkits, not archived and not already in it", async () => {
    await documents.setToolkitItems(editor, toolkit, { documentIds: [b] });
    const titles = (await documents.listToolkitCandidates(editor, toolkit, { q: "Toolkit" })).map((d) => d.title);
    expect(titles).toEqual(expect.arrayContaining(["Toolkit A", "Toolkit C"]));
    expect(titles).not.toContain("Toolkit B");
    expect(titles).not.toContain("Another toolkit");
    expect(await documents.listToolkitCandidates(editor, a, {})).toEqual([]);
    await expectAppError(documents.listToolkitCandidates(clientA, toolkit, {}), 403, "forbidden");
    expect([documents.canCreate(editor), documents.canCreate(admin), documents.canCreate(staffViewer), documents.canCreate(clientA)]).toEqual([
      true,
      true,
      false,
      false,
    ]);
    await documents.setToolkitItems(editor, toolkit, { documentIds: [b, c, a] });
  });

  test("a client sees only the items they may read, and cannot change the list", async () => {
    expect(await order(clientA)).toEqual(["Toolkit A"]);
    await expectAppError(documents.setToolkitItems(clientA, toolkit, { documentIds: [a] }), 403, "forbidden");
    await expectAppError(documents.listToolkitItems(clientB, toolkit), 404, "document_not_found");
  });

  test("a template names the deliverable type it suggests, one at a time; blank clears it; only a template may", async () => {
    const types = async () => (await documents.listToolkitItems(editor, toolkit)).map((i) => [i.document.title, i.deliverableType]);
    await documents.setToolkitDeliverableType(editor, toolkit, { documentId: b, type: " Supply agreement first draft " });
    expect(await types()).toEqual([
      ["Toolkit B", "Supply agreement first draft"],
      ["Toolkit C", null],
      ["Toolkit A", null],
    ]);
    await documents.moveToolkitItem(editor, toolkit, { documentId: a, direction: "up" });
    expect((await types()).find(([title]) => title === "Toolkit B")).toEqual(["Toolkit B", "Supply agreement first draft"]);
    const notTemplate = await expectAppError(documents.setToolkitDeliverableType(editor, toolkit, { documentId: c, type: "Precedent" }), 400, "invalid_request");
    expect(issuePaths(notTemplate)).toEqual(["deliverables.1.documentId"]);
    await expectAppError(documents.setToolkitDeliverableType(editor, toolkit, { documentId: nested, type: "X" }), 404, "toolkit_item_not_found");
    await expectAppError(documents.setToolkitDeliverableType(clientA, toolkit, { documentId: b, type: "X" }), 403, "forbidden");
    await documents.setToolkitDeliverableType(editor, toolkit, { documentId: b, type: "" });
    expect((await types()).map(([, type]) => type)).toEqual([null, null, null]);
  });
});

describe("versions", () => {
  test("save, publish, edit, diff and restore", async () => {
    const doc = await documents.create(editor, {
      kind: "PLAYBOOK",
      title: "Limitation of liability playbook",
      markdown: "# Cap\n\nLiability is capped at the fees paid in the last twelve months.\n\n# Exclusions\n\nNo liability for indirect loss.",
    });
    const v1 = await documents.createVersion(editor, doc.id, { name: "First cut" });
    expect(v1).toMatchObject({ number: 1, name: "First cut", reason: "MANUAL" });
    expect(v1.contentText).toContain("twelve months");

    await editContent(doc.id, "# Cap\n\nLiability is capped at twice the fees paid in the last twelve months.\n\n# Carve-outs\n\nFraud is never capped.");
    // An admin may set the status directly (ADR 012); it still saves the publication as a version.
    await documents.update(admin, doc.id, { status: "PUBLISHED" });
    const versions = await documents.listVersions(editor, doc.id);
    expect(versions.map((v) => [v.number, v.reason])).toEqual([
      [2, "PUBLISH"],
      [1, "MANUAL"],
    ]);
    const v2 = versions[0]!;

    const diff = await documents.diff(editor, doc.id, { from: v1.id, to: v2.id, context: "all" });
    expect(diff.from).toEqual({ kind: "version", id: v1.id, number: 1, name: "First cut" });
    expect(diff.identical).toBe(false);
    const blocks = diff.hunks.flatMap((h) => h.blocks);
    const changed = blocks.find((b) => b.op === "change");
    expect(changed && "segments" in changed ? changed.segments.filter((s) => s.op === "insert").map((s) => s.text.trim()) : []).toEqual([
      "twice",
    ]);
    expect(blocks.filter((b) => b.op === "delete").map((b) => ("text" in b ? b.text : ""))).toEqual(
      expect.arrayContaining(["Exclusions", "No liability for indirect loss."]),
    );
    expect(blocks.filter((b) => b.op === "insert").map((b) => ("text" in b ? b.text : ""))).toEqual(
      expect.arrayContaining(["Carve-outs", "Fraud is never capped."]),
    );
    expect(diff.stats.insertedWords).toBeGreaterThan(0);
    const same = await documents.diff(editor, doc.id, { from: v2.id });
    expect(same).toMatchObject({ identical: true, to: { kind: "current" } });

    sync.calls.applyUpdate.length = 0;
    const { restored, savedBefore } = await documents.restoreVersion(editor, doc.id, v1.id);
    expect(restored.id).toBe(v1.id);
    expect(savedBefore).toMatchObject({ number: 3, reason: "RESTORE", name: "Before restoring version 1" });
    expect(sync.calls.applyUpdate).toEqual([{ documentId: doc.id, origin: { kind: "restore", userId: editor.id, versionId: v1.id } }]);
    expect(await currentText(doc.id)).toBe(v1.contentText);
    expect((await documents.get(editor, doc.id)).contentText).toBe(v1.contentText);
    // The restore is itself undoable: the version saved before it holds the edited text.
    expect((await documents.diff(editor, doc.id, { from: savedBefore.id, to: v2.id })).identical).toBe(true);
  });

  test("a restore is an ordinary change: a replica that kept its connection converges on it", async () => {
    const doc = await documents.create(editor, { kind: "PRECEDENT", title: "Replica", markdown: "Original wording." });
    const v1 = await documents.createVersion(editor, doc.id, {});
    expect(v1.name).toBe("Version 1");
    await editContent(doc.id, "Edited wording.");
    // A collaborator's replica, in sync before the restore.
    const replica = await store.load(doc.id);
    const before = Y.encodeStateVector(replica);
    documents.connectSync(undefined);
    try {
      await documents.restoreVersion(editor, doc.id, v1.id);
    } finally {
      documents.connectSync(sync.sync);
    }
    const stored = await store.load(doc.id);
    Y.applyUpdate(replica, Y.encodeStateAsUpdate(stored, before));
    expect(deriveContent(replica).text).toBe("Original wording.");
    replica.destroy();
    stored.destroy();
  });

  test("clients see no versions; viewers see them but cannot save or restore", async () => {
    const doc = await documents.create(editor, { kind: "PLAYBOOK", title: "History", status: "PUBLISHED", visibility: "SHARED", sharedWithOrganizationIds: [clientAOrg] });
    const [published] = await documents.listVersions(staffViewer, doc.id);
    expect(published?.reason).toBe("PUBLISH");
    await expectAppError(documents.listVersions(clientA, doc.id), 403, "forbidden");
    await expectAppError(documents.diff(clientA, doc.id, { from: published!.id }), 403, "forbidden");
    await expectAppError(documents.createVersion(staffViewer, doc.id, {}), 403, "forbidden");
    await expectAppError(documents.restoreVersion(staffViewer, doc.id, published!.id), 403, "forbidden");
    await expectAppError(documents.restoreVersion(editor, doc.id, "no-such-version"), 404, "version_not_found");
    await expectAppError(documents.diff(editor, doc.id, { from: "no-such-version" }), 404, "version_not_found");
    await expectAppError(documents.diff(editor, doc.id, {}), 400, "invalid_request");
  });
});

describe("audit", () => {
  test("create, update, publish, archive, restore and delete are recorded with before and after", async () => {
    const doc = await documents.create(editor, { kind: "PLAYBOOK", title: "Audited", markdown: "One." });
    await documents.update(editor, doc.id, { title: "Audited playbook", tags: ["audit"] });
    await documents.update(admin, doc.id, { status: "PUBLISHED" });
    const [published] = await documents.listVersions(editor, doc.id);
    await documents.restoreVersion(editor, doc.id, published!.id);
    await documents.archive(admin, doc.id);
    await documents.delete(editor, doc.id);
    const events = await db().prisma.auditEvent.findMany({
      where: { targetType: "document", targetId: doc.id },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    });
    expect(events.map((e) => e.action)).toEqual([
      "document.created",
      "document.updated",
      "document.published",
      "document.restored",
      "document.archived",
      "document.trashed",
    ]);
    expect(events.map((e) => e.actorId)).toEqual([editor.id, editor.id, admin.id, editor.id, admin.id, editor.id]);
    expect(events.every((e) => e.organizationId === providerOrg)).toBe(true);
    expect(events[1]?.data).toEqual({
      before: { title: "Audited", tags: [] },
      after: { title: "Audited playbook", tags: ["audit"] },
    });
    expect(events[2]?.data).toEqual({ before: { status: "DRAFT" }, after: { status: "PUBLISHED" }, reviewBypassed: true });
    expect(events[4]?.data).toEqual({ before: { state: "PUBLISHED", status: "PUBLISHED" }, after: { state: "ARCHIVED", status: "ARCHIVED" } });
    // Deleting moves it to the trash (ADR 021).
    expect(events[5]?.data).toMatchObject({ before: { title: "Audited playbook", status: "ARCHIVED" }, after: { deletedAt: expect.any(String) } });
  });
});
