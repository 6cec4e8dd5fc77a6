// Clauses from the library (ADR 033) against a real database: a clause is copied from the version
// in force of a document the viewer may read, naming that version as its source; when the source
// publishes a different clause, those who may read the source are told, with a redline and the
// new text; those who may not are told nothing.
import { beforeAll, describe, expect, test } from "vitest";
import { clauseSourceOf, type ClauseSourceAttrs } from "../../app/editor/clause-position.ts";
import { createAuthService } from "../../server/auth/service.ts";
import type { Viewer } from "../../server/auth/viewer.ts";
import { nodeText, type ProseMirrorJSON } from "../../server/documents/derive.ts";
import { createDocumentService, type DocumentService } from "../../server/documents/service.ts";
import { createDocumentStateStore, type DocumentStateStore } from "../../server/documents/state-store.ts";
import { AppError } from "../../server/errors.ts";
import { createUser, viewerOf } from "../factories/users.ts";
import { useTestDatabase } from "../helpers/database.ts";
import { editDraft } from "../helpers/documents.ts";

const db = useTestDatabase();

let documents: DocumentService;
let store: DocumentStateStore;
let admin: Viewer;
let editor: Viewer;
let outsider: Viewer;
let clientA: Viewer;
let clientAOrg: string;

const playbook = (cap: string) =>
  [
    "# Liability",
    "",
    ':::clause {id="cap" name="Liability cap" escalateTo="General Counsel"}',
    "",
    ":::preferred",
    "",
    cap,
    "",
    ":::",
    "",
    ":::fallback",
    "",
    "Eighteen months' fees.",
    "",
    ":::",
    "",
    ":::",
    "",
    "## Governing law",
    "",
    "English law governs this agreement.",
    "",
    "The courts of England have exclusive jurisdiction.",
    "",
    "## Notices",
    "",
    "Notices are in writing.",
  ].join("\n");

async function expectAppError(promise: Promise<unknown>, status: number, code: string) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect({ status: (error as AppError).status, code: (error as AppError).code }).toEqual({ status, code });
}

/** A published playbook, as an editor makes it. */
async function publishedPlaybook(title: string, input: Record<string, unknown> = {}) {
  const doc = await documents.create(editor, { kind: "PLAYBOOK", title, status: "PUBLISHED", markdown: playbook("Twelve months' fees."), ...input });
  const row = await db().prisma.document.findUniqueOrThrow({ where: { id: doc.id }, select: { publishedVersionId: true } });
  return { id: doc.id, versionId: row.publishedVersionId! };
}

/** The draft edited to `markdown`, reviewed by an admin and published. */
async function republish(documentId: string, markdown: string) {
  await editDraft(store, documentId, markdown);
  await documents.submitForReview(editor, documentId, { reviewerIds: [admin.id] });
  await documents.decideReview(admin, documentId, { decision: "approve" });
  await documents.publish(editor, documentId, {});
}

const sourceOf = (clause: ProseMirrorJSON): ClauseSourceAttrs => clauseSourceOf(clause.attrs)!;

beforeAll(async () => {
  const prisma = db().prisma;
  const auth = createAuthService({ db: prisma });
  store = createDocumentStateStore({ db: prisma });
  documents = createDocumentService({ db: prisma, store });
  const make = async (role: "ADMIN" | "EDITOR" | "CLIENT", organizationName: string) => {
    const { user, organization } = await createUser(auth, { role, organizationName });
    return { viewer: await viewerOf(prisma, user.id), organization };
  };
  admin = (await make("ADMIN", "Provider LLP")).viewer;
  editor = (await make("EDITOR", "Provider LLP")).viewer;
  outsider = (await make("EDITOR", "Other Provider LLP")).viewer;
  const a = await make("CLIENT", "Client A");
  clientA = a.viewer;
  clientAOrg = a.organization.id;
});

describe("a clause from the library", () => {
  test("copies a clause position from the version in force, naming that version as its source", async () => {
    const source = await publishedPlaybook("Liability playbook");
    // A later draft is not what readers rely on: the copy is the published text.
    await editDraft(store, source.id, playbook("Draft only: unlimited."));
    const { clause, version } = await documents.getLibraryClause(editor, { documentId: source.id, anchor: "#clause-cap" });
    expect(version.id).toBe(source.versionId);
    expect(sourceOf(clause)).toEqual({ sourceDocumentId: source.id, sourceVersionId: source.versionId, sourceClause: "clause-cap" });
    expect(clause.attrs).toMatchObject({ name: "Liability cap", escalateTo: "General Counsel" });
    // Its own id: inserting the same clause twice must not make two anchors alike.
    expect(clause.attrs?.clauseId).not.toBe("cap");
    expect(clause.content?.map((part) => part.attrs?.role)).toEqual(["preferred", "fallback"]);
    expect(nodeText(clause)).toBe("Twelve months' fees.\nEighteen months' fees.");
  });

  test("copies a precedent's section as a clause position named by its heading, up to the next heading", async () => {
    const source = await publishedPlaybook("Governing law precedent");
    const { clause } = await documents.getLibraryClause(editor, { documentId: source.id, anchor: "governing-law" });
    expect(clause.attrs).toMatchObject({ name: "Governing law", sourceClause: "governing-law" });
    expect(nodeText(clause)).toBe("English law governs this agreement.\nThe courts of England have exclusive jurisdiction.");
  });

  test("refuses what the viewer may not read (404), a document never published (409) and an unknown clause (404)", async () => {
    const source = await publishedPlaybook("Internal liability playbook");
    await expectAppError(documents.getLibraryClause(outsider, { documentId: source.id, anchor: "clause-cap" }), 404, "document_not_found");
    await expectAppError(documents.getLibraryClause(clientA, { documentId: source.id, anchor: "clause-cap" }), 404, "document_not_found");
    const draft = await documents.create(editor, { kind: "PLAYBOOK", title: "Draft playbook", markdown: playbook("x") });
    await expectAppError(documents.getLibraryClause(editor, { documentId: draft.id, anchor: "clause-cap" }), 409, "not_published");
    await expectAppError(documents.getLibraryClause(editor, { documentId: source.id, anchor: "clause-nothing" }), 404, "clause_not_found");
    await expectAppError(documents.getLibraryClause(editor, { documentId: source.id, anchor: "" }), 400, "invalid_request");
  });
});

describe("source clause updated", () => {
  test("a newer publication whose clause differs is reported with a redline and the new text", async () => {
    const source = await publishedPlaybook("Cap playbook");
    const { clause } = await documents.getLibraryClause(editor, { documentId: source.id, anchor: "clause-cap" });
    const copied = sourceOf(clause);
    expect(await documents.sourceUpdates(editor, { sources: [copied] })).toEqual([]);

    await republish(source.id, playbook("Twenty-four months' fees."));
    const [update, ...more] = await documents.sourceUpdates(editor, { sources: [copied, copied] });
    expect(more).toEqual([]);
    const inForce = (await db().prisma.document.findUniqueOrThrow({ where: { id: source.id } })).publishedVersionId!;
    expect(update).toMatchObject({ ...copied, documentTitle: "Cap playbook", version: { id: inForce } });
    expect(update!.version.number).toBeGreaterThan(update!.diff.from.kind === "version" ? update!.diff.from.number : 0);
    const changed = update!.diff.hunks.flatMap((h) => h.blocks).find((b) => b.op === "change");
    expect(changed && "segments" in changed ? changed.segments : []).toEqual([
      { op: "delete", text: "Twelve" },
      { op: "insert", text: "Twenty-four" },
      { op: "equal", text: " months' fees." },
    ]);
    // Update puts this in: the new text, naming the new version.
    expect(sourceOf(update!.clause)).toEqual({ ...copied, sourceVersionId: inForce });
    expect(nodeText(update!.clause)).toBe("Twenty-four months' fees.\nEighteen months' fees.");
    // Once updated, nothing more to say.
    expect(await documents.sourceUpdates(editor, { sources: [sourceOf(update!.clause)] })).toEqual([]);
  });

  test("a newer publication that leaves the clause as it was reports nothing", async () => {
    const source = await publishedPlaybook("Notices playbook");
    const { clause } = await documents.getLibraryClause(editor, { documentId: source.id, anchor: "clause-cap" });
    await republish(source.id, `${playbook("Twelve months' fees.")}\n\nNotices by email are valid.`);
    expect(await documents.sourceUpdates(editor, { sources: [sourceOf(clause)] })).toEqual([]);
  });

  test("a reader who cannot read the source sees no notice; one who can, does", async () => {
    const internal = await publishedPlaybook("Internal cap playbook");
    const shared = await publishedPlaybook("Shared cap playbook", { visibility: "SHARED", sharedWithOrganizationIds: [clientAOrg] });
    const copies = await Promise.all([internal, shared].map(async (s) => sourceOf((await documents.getLibraryClause(editor, { documentId: s.id, anchor: "clause-cap" })).clause)));
    for (const s of [internal, shared]) await republish(s.id, playbook("Unlimited."));

    expect((await documents.sourceUpdates(editor, { sources: copies })).map((u) => u.sourceDocumentId)).toEqual([internal.id, shared.id]);
    // Another provider's editor and the client: the internal source is not theirs to read.
    expect(await documents.sourceUpdates(outsider, { sources: copies })).toEqual([]);
    expect((await documents.sourceUpdates(clientA, { sources: copies })).map((u) => u.sourceDocumentId)).toEqual([shared.id]);
    // A source in the trash is read by no one.
    await documents.delete(editor, shared.id);
    expect(await documents.sourceUpdates(clientA, { sources: copies })).toEqual([]);
  });

  test("validates what it is asked", async () => {
    await expectAppError(documents.sourceUpdates(editor, { sources: "all" }), 400, "invalid_request");
    await expectAppError(documents.sourceUpdates(editor, { sources: Array.from({ length: 201 }, () => ({ sourceDocumentId: "d", sourceVersionId: "v", sourceClause: "c" })) }), 400, "invalid_request");
  });
});
