// The publishing workflow over HTTP (ADR 012): every move and who may make it, the published
// version staying live for a client while staff edit the next draft, and the review-due list.
// Reviews bound to the text (ADR 018): the snapshot, approval policies, honest maintenance.
import { readdirSync, readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { PresentedDocument } from "../../server/documents/presenter.ts";
import type { PresentedAssignedReview, PresentedReviewDue, PresentedWorkflow } from "../../server/documents/workflow-presenter.ts";
import { loadViewer } from "../../server/auth/viewer.ts";
import { applyJsonAsUpdate, deriveContent } from "../../server/documents/derive.ts";
import { yDocFromState } from "../../server/documents/versions.ts";
import { editDraft } from "../helpers/documents.ts";
import { useTestDatabase } from "../helpers/database.ts";
import { expectError, type Client } from "../helpers/http.ts";
import { signInNewUser, startTestServer, type TestServer } from "../helpers/server.ts";

const db = useTestDatabase();
let server: TestServer;
type Person = { client: Client; id: string };
let admin: Person;
let author: Person;
let reviewer: Person;
let secondReviewer: Person;
let otherEditor: Person;
let staffViewer: Person;
let clientA: Person;
let clientB: Person;
let clientAOrg: string;
let otherProviderEditor: Person;

const body = async <T>(response: Response) => (await response.json()) as T;
type WorkflowBody = { workflow: PresentedWorkflow };

async function signIn(role: "ADMIN" | "EDITOR" | "VIEWER" | "CLIENT", organizationName: string, name?: string): Promise<Person> {
  const { client, user } = await signInNewUser(server, role, organizationName, name);
  return { client, id: user.id };
}

async function createDocument(json: Record<string, unknown> = {}) {
  const response = await author.client.post("/api/v1/documents", {
    kind: "PLAYBOOK",
    title: "Indemnities playbook",
    visibility: "SHARED",
    sharedWithOrganizationIds: [clientAOrg],
    markdown: "# Indemnities\n\nResist uncapped indemnities.",
    ...json,
  });
  expect(response.status).toBe(201);
  return (await body<{ document: PresentedDocument }>(response)).document.id;
}

const workflowOf = async (who: Person, id: string) => (await body<WorkflowBody>(await who.client.get(`/api/v1/documents/${id}/workflow`))).workflow;
const move = (who: Person, id: string, path: string, json: unknown = {}) => who.client.post(`/api/v1/documents/${id}/${path}`, json);
const auditActions = async (id: string) =>
  (await db().prisma.auditEvent.findMany({ where: { targetId: id }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] })).map((e) => e.action);

beforeAll(async () => {
  server = await startTestServer({ db: db() });
  admin = await signIn("ADMIN", "Provider LLP", "Ada Admin");
  author = await signIn("EDITOR", "Provider LLP", "Alex Author");
  reviewer = await signIn("EDITOR", "Provider LLP", "Rita Reviewer");
  secondReviewer = await signIn("EDITOR", "Provider LLP", "Eve Second-Reviewer");
  otherEditor = await signIn("EDITOR", "Provider LLP", "Olly Other");
  staffViewer = await signIn("VIEWER", "Provider LLP", "Sam Staff");
  clientA = await signIn("CLIENT", "Client A");
  clientAOrg = (await db().prisma.membership.findFirstOrThrow({ where: { userId: clientA.id } })).organizationId;
  clientB = await signIn("CLIENT", "Client B");
  otherProviderEditor = await signIn("EDITOR", "Other Firm LLP");
});
afterAll(() => server?.close());

describe("publishing workflow API", () => {
  test("draft → review → approvals → published, with the version, effective date and audit trail", async () => {
    const id = await createDocument();
    expect(await workflowOf(author, id)).toMatchObject({ state: "DRAFT", status: "DRAFT", published: null, allowedMoves: ["submit"] });

    const submitted = await body<WorkflowBody>(
      await move(author, id, "review", { reviewerIds: [reviewer.id, secondReviewer.id], message: "Please check the cap language." }),
    );
    expect(submitted.workflow).toMatchObject({
      state: "IN_REVIEW",
      status: "IN_REVIEW",
      review: { status: "OPEN", message: "Please check the cap language.", requestedBy: { id: author.id } },
      allowedMoves: ["withdraw", "replace_snapshot", "publish"],
    });
    expect(submitted.workflow.review?.reviewers.map((r) => [r.name, r.decision])).toEqual([
      ["Eve Second-Reviewer", null],
      ["Rita Reviewer", null],
    ]);
    expect((await workflowOf(reviewer, id)).allowedMoves).toEqual(["approve", "request_changes", "withdraw", "replace_snapshot", "publish"]);

    // "Waiting for my review" lists it for the reviewers, not for anyone else.
    const assigned = await body<{ reviews: PresentedAssignedReview[] }>(await reviewer.client.get("/api/v1/reviews/assigned"));
    expect(assigned.reviews.map((r) => r.document.id)).toContain(id);
    expect((await body<{ reviews: PresentedAssignedReview[] }>(await otherEditor.client.get("/api/v1/reviews/assigned"))).reviews).toEqual([]);

    await move(reviewer, id, "review/decision", { decision: "approve", comment: "Fine." });
    const early = await expectError(await move(author, id, "publish"), 409, "approvals_missing");
    expect(early.error.message).toContain("Eve Second-Reviewer");
    await expectError(await move(reviewer, id, "review/decision", { decision: "approve" }), 409, "already_decided");
    await move(secondReviewer, id, "review/decision", { decision: "approve" });

    const today = new Date().toISOString().slice(0, 10);
    const published = await body<WorkflowBody>(await move(author, id, "publish", { effectiveDate: today }));
    expect(published.workflow).toMatchObject({
      state: "PUBLISHED",
      status: "PUBLISHED",
      review: null,
      draftChanges: false,
      // Version 1 is the snapshot frozen at submission; the publication copies it.
      published: { number: 2, effectiveAt: `${today}T00:00:00.000Z`, publishedBy: { id: author.id }, overrideReason: null },
    });
    expect(published.workflow.published?.approvedBy?.map((a) => a.id).sort()).toEqual([reviewer.id, secondReviewer.id].sort());
    expect(published.workflow.lastReviewedAt).not.toBeNull();
    // A real review: the law is stated as at the day of the last approval, for every reader.
    expect(published.workflow).toMatchObject({ maintained: null, lawStatedAt: `${today}T00:00:00.000Z` });
    expect((await body<{ document: PresentedDocument }>(await clientA.client.get(`/api/v1/documents/${id}`))).document.lawStatedAt).toBe(`${today}T00:00:00.000Z`);
    expect(await auditActions(id)).toEqual([
      "document.created",
      "document.review_requested",
      "document.review_approved",
      "document.review_approved",
      "document.published",
    ]);
  });

  test("the published version stays live for clients and viewers while editors work on the next draft", async () => {
    const id = await createDocument({ markdown: "# Caps\n\nCap at the annual fees." });
    await move(author, id, "review", { reviewerIds: [reviewer.id] });
    await move(reviewer, id, "review/decision", { decision: "approve" });
    await move(author, id, "publish");

    await editDraft(server.services.documentState, id, "# Caps\n\nCap at twice the annual fees. Secret draft note.");
    // The editors' document is the draft; the client's and the staff viewer's, the published version.
    const readers = async (who: Person) => (await body<{ document: PresentedDocument }>(await who.client.get(`/api/v1/documents/${id}`))).document;
    expect((await readers(author)).content.text).toContain("Secret draft note");
    expect((await readers(clientA)).content.text).toBe("Caps\nCap at the annual fees.");
    expect((await readers(staffViewer)).content.text).toBe("Caps\nCap at the annual fees.");
    expect(await workflowOf(author, id)).toMatchObject({ state: "PUBLISHED", status: "PUBLISHED", draftChanges: true });
    // A client learns nothing of the draft: no state, no review, no "changes in progress".
    expect(await workflowOf(clientA, id)).toMatchObject({ state: "PUBLISHED", draftChanges: false, review: null, allowedMoves: [] });
    expect((await workflowOf(clientA, id)).published).not.toHaveProperty("approvedBy");

    // The next draft goes through review while the published version stays live, status PUBLISHED.
    const inReview = await body<WorkflowBody>(await move(author, id, "review", { reviewerIds: [reviewer.id] }));
    expect(inReview.workflow).toMatchObject({ state: "IN_REVIEW", status: "PUBLISHED" });
    expect((await readers(clientA)).content.text).toBe("Caps\nCap at the annual fees.");

    // Changes requested: back to the draft, published version still live.
    await expectError(await move(reviewer, id, "review/decision", { decision: "request_changes" }), 400, "invalid_request");
    const back = await body<WorkflowBody>(await move(reviewer, id, "review/decision", { decision: "request_changes", comment: "Explain the multiple." }));
    expect(back.workflow).toMatchObject({ state: "PUBLISHED", status: "PUBLISHED", draftChanges: true, lastClosedReview: { status: "CHANGES_REQUESTED" } });
    expect(back.workflow.lastClosedReview?.reviewers[0]).toMatchObject({ decision: "CHANGES_REQUESTED", comment: "Explain the multiple." });

    await move(author, id, "review", { reviewerIds: [reviewer.id] });
    await move(reviewer, id, "review/decision", { decision: "approve" });
    const second = await body<WorkflowBody>(await move(author, id, "publish"));
    // Versions: snapshot, publication, snapshot (changes requested), snapshot, publication.
    expect(second.workflow).toMatchObject({ state: "PUBLISHED", draftChanges: false, published: { number: 5 } });
    expect((await readers(clientA)).content.text).toContain("Secret draft note");
  });

  test("a staff viewer compares published versions only: never the next draft, nor a version saved from it", async () => {
    const id = await createDocument({ markdown: "# Fees\n\nInvoice monthly." });
    await move(author, id, "review", { reviewerIds: [reviewer.id] });
    await move(reviewer, id, "review/decision", { decision: "approve" });
    await move(author, id, "publish");
    await editDraft(server.services.documentState, id, "# Fees\n\nInvoice monthly. Unpublished draft term.");
    const saved = await author.client.post(`/api/v1/documents/${id}/versions`, { name: "Draft with the new term" });
    expect(saved.status).toBe(201);
    const draftVersion = (await body<{ version: { id: string } }>(saved)).version.id;
    type Versions = { versions: { id: string; number: number; reason: string }[] };
    const all = (await body<Versions>(await author.client.get(`/api/v1/documents/${id}/versions`))).versions;
    const live = all.find((v) => v.reason === "PUBLISH")!;

    // The editor compares anything, the draft included.
    const editorDiff = await author.client.get(`/api/v1/documents/${id}/diff?from=${live.id}&to=current`);
    expect(editorDiff.status).toBe(200);
    expect(JSON.stringify(await editorDiff.json())).toContain("Unpublished draft term");

    // The viewer: the live draft is refused with a named code, a version saved from the draft is not found,
    // and the list holds the publications only.
    const diff = (from: string, to: string) => staffViewer.client.get(`/api/v1/documents/${id}/diff?from=${from}&to=${to}`);
    await expectError(await diff(live.id, "current"), 403, "draft_not_readable");
    await expectError(await diff("current", live.id), 403, "draft_not_readable");
    await expectError(await diff(live.id, draftVersion), 404, "version_not_found");
    const seen = (await body<Versions>(await staffViewer.client.get(`/api/v1/documents/${id}/versions`))).versions;
    expect(seen.map((v) => v.id)).toEqual([live.id]);
    const same = await diff(live.id, live.id);
    expect(same.status).toBe(200);
    expect(JSON.stringify(await same.json())).not.toContain("Unpublished draft term");
  });

  test("who may do what: forbidden users get 403 or 404 and change nothing", async () => {
    const id = await createDocument();
    const before = await auditActions(id);
    // Reviewers must be provider staff who can read it, and not only the author.
    await expectError(await move(author, id, "review", { reviewerIds: [author.id] }), 400, "invalid_request");
    await expectError(await move(author, id, "review", { reviewerIds: [clientA.id] }), 400, "invalid_request");
    await expectError(await move(author, id, "review", { reviewerIds: [otherProviderEditor.id] }), 400, "invalid_request");
    await expectError(await move(author, id, "review", { reviewerIds: [] }), 400, "invalid_request");
    // Only editors submit; moves outside the table are 409.
    await expectError(await move(staffViewer, id, "review", { reviewerIds: [reviewer.id] }), 403, "forbidden");
    await expectError(await move(author, id, "publish"), 409, "invalid_transition");
    await expectError(await move(author, id, "withdraw"), 409, "invalid_transition");
    await expectError(await move(reviewer, id, "review/decision", { decision: "approve" }), 409, "invalid_transition");
    // A client sees no draft at all; another client's member and another firm learn nothing.
    await expectError(await move(clientA, id, "review", { reviewerIds: [reviewer.id] }), 404, "document_not_found");
    await expectError(await move(clientB, id, "review", { reviewerIds: [reviewer.id] }), 404, "document_not_found");
    await expectError(await clientB.client.get(`/api/v1/documents/${id}/workflow`), 404, "document_not_found");
    await expectError(await move(otherProviderEditor, id, "archive"), 404, "document_not_found");
    expect(await auditActions(id)).toEqual(before);

    await move(author, id, "review", { reviewerIds: [reviewer.id] });
    // In review but never published: the shared client reads nothing of it, nor acts on it.
    await expectError(await clientA.client.get(`/api/v1/documents/${id}`), 404, "document_not_found");
    await expectError(await clientA.client.get(`/api/v1/documents/${id}/workflow`), 404, "document_not_found");
    await expectError(await move(clientA, id, "review/decision", { decision: "approve" }), 404, "document_not_found");
    await expectError(await move(clientB, id, "review/decision", { decision: "approve" }), 404, "document_not_found");
    // A non-reviewer editor cannot decide; an editor cannot publish without approvals, nor archive.
    await expectError(await move(otherEditor, id, "review/decision", { decision: "approve" }), 403, "forbidden");
    await expectError(await move(otherEditor, id, "publish"), 409, "approvals_missing");
    await expectError(await move(author, id, "archive"), 403, "forbidden");
    await expectError(await move(author, id, "review", { reviewerIds: [reviewer.id] }), 409, "invalid_transition");
    // PATCHing the status around the workflow is for admins only.
    await expectError(await author.client.request(`/api/v1/documents/${id}`, { method: "PATCH", json: { status: "PUBLISHED" } }), 403, "review_required");

    // Withdraw: back to draft.
    expect((await body<WorkflowBody>(await move(author, id, "withdraw"))).workflow).toMatchObject({ state: "DRAFT", status: "DRAFT" });
    expect(await auditActions(id)).toEqual([...before, "document.review_requested", "document.review_withdrawn"]);
  });

  test("an admin publishes without every approval only with a recorded reason; archive and restore are an admin's", async () => {
    const id = await createDocument();
    await move(author, id, "review", { reviewerIds: [reviewer.id] });
    await expectError(await move(admin, id, "publish"), 400, "invalid_request");
    const overridden = await body<WorkflowBody>(await move(admin, id, "publish", { overrideReason: "Regulator deadline today." }));
    expect(overridden.workflow).toMatchObject({ state: "PUBLISHED", published: { overrideReason: "Regulator deadline today.", approvedBy: [] } });
    const event = await db().prisma.auditEvent.findFirstOrThrow({ where: { targetId: id, action: "document.published" } });
    expect(event.data).toMatchObject({ overrideReason: "Regulator deadline today.", after: { state: "PUBLISHED" } });

    const archived = await body<WorkflowBody>(await move(admin, id, "archive"));
    expect(archived.workflow).toMatchObject({ state: "ARCHIVED", status: "ARCHIVED", allowedMoves: ["restore"] });
    await expectError(await clientA.client.get(`/api/v1/documents/${id}`), 404, "document_not_found");
    await expectError(await move(admin, id, "archive"), 409, "invalid_transition");
    await expectError(await move(author, id, "restore"), 403, "forbidden");
    // Restored: published again, since it had a published version.
    expect((await body<WorkflowBody>(await move(admin, id, "restore"))).workflow).toMatchObject({ state: "PUBLISHED", status: "PUBLISHED" });
    expect(await auditActions(id)).toEqual([
      "document.created",
      "document.review_requested",
      "document.published",
      "document.archived",
      "document.unarchived",
    ]);
  });

  test("the review-due list: published documents due within the window or overdue, for the provider's team only", async () => {
    const overdue = await createDocument({ title: "Overdue playbook", status: "PUBLISHED", reviewIntervalMonths: 6 });
    const soon = await createDocument({ title: "Due-soon playbook", status: "PUBLISHED", reviewIntervalMonths: 12 });
    const fresh = await createDocument({ title: "Fresh playbook", status: "PUBLISHED", reviewIntervalMonths: 12 });
    const day = 24 * 3600 * 1000;
    await db().prisma.document.update({ where: { id: overdue }, data: { lastReviewedAt: new Date(Date.now() - 200 * day) } });
    await db().prisma.document.update({ where: { id: soon }, data: { lastReviewedAt: new Date(Date.now() - 350 * day) } });
    await db().prisma.document.update({ where: { id: fresh }, data: { lastReviewedAt: new Date(Date.now() - 10 * day) } });

    const due = await body<{ documents: PresentedReviewDue[] }>(await author.client.get("/api/v1/reviews/due"));
    const mine = due.documents.filter((d) => [overdue, soon, fresh].includes(d.document.id));
    expect(mine.map((d) => [d.document.title, d.maintained])).toEqual([
      ["Overdue playbook", "OVERDUE"],
      ["Due-soon playbook", "DUE_SOON"],
    ]);
    expect(mine[0]).toMatchObject({ reviewIntervalMonths: 6, owner: { id: author.id }, publishedVersionNumber: 1 });
    const wide = await body<{ documents: PresentedReviewDue[] }>(await author.client.get("/api/v1/reviews/due?withinDays=366"));
    expect(wide.documents.map((d) => d.document.id)).toContain(fresh);
    expect((await workflowOf(author, fresh)).maintained).toBe("MAINTAINED");

    await expectError(await author.client.get("/api/v1/reviews/due?withinDays=-1"), 400, "invalid_request");
    await expectError(await clientA.client.get("/api/v1/reviews/due"), 403, "forbidden");
    const otherFirm = await body<{ documents: PresentedReviewDue[] }>(await otherProviderEditor.client.get("/api/v1/reviews/due?withinDays=366"));
    expect(otherFirm.documents).toEqual([]);

    // A periodic review with no change publishes again and resets the clock.
    await move(author, overdue, "review", { reviewerIds: [reviewer.id] });
    await move(reviewer, overdue, "review/decision", { decision: "approve" });
    await move(author, overdue, "publish");
    expect((await workflowOf(author, overdue)).maintained).toBe("MAINTAINED");
  });

  test("a document created as published is recorded as published without review", async () => {
    const id = await createDocument({ status: "PUBLISHED" });
    expect(await server.services.documents.getAccess(id)).toMatchObject({ hasPublishedVersion: true });
    expect(await workflowOf(author, id)).toMatchObject({
      state: "PUBLISHED",
      published: { number: 1, overrideReason: expect.stringContaining("without a review") },
      maintained: "NEVER_REVIEWED",
      lastReviewedAt: null,
      lawStatedAt: null,
    });
  });
});

describe("reviews bound to the text (ADR 018)", () => {
  type Version = { id: string; number: number; reason: string; contentHash: string | null };
  const versionsOf = async (id: string) => (await body<{ versions: Version[] }>(await author.client.get(`/api/v1/documents/${id}/versions`))).versions;
  const readerText = async (who: Person, id: string) => (await body<{ document: PresentedDocument }>(await who.client.get(`/api/v1/documents/${id}`))).document.content.text;
  const membershipOf = async (who: Person) => (await db().prisma.membership.findFirstOrThrow({ where: { userId: who.id } })).id;

  test("an edit after approval never reaches the published version: publishing publishes the approved snapshot, same hash", async () => {
    const id = await createDocument({ markdown: "# Liability\n\nCap at 12 months' fees." });
    const submitted = (await body<WorkflowBody>(await move(author, id, "review", { reviewerIds: [reviewer.id, secondReviewer.id] }))).workflow;
    const snapshot = submitted.review!.snapshot!;
    expect(snapshot.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(submitted.snapshot).toMatchObject({ changedSinceSubmitted: false, redline: null });
    await move(reviewer, id, "review/decision", { decision: "approve" });
    await move(secondReviewer, id, "review/decision", { decision: "approve" });

    // The red line moves after both approvals: the reviewers see it, redlined, as changed since submitted.
    await editDraft(server.services.documentState, id, "# Liability\n\nUncapped liability for everything.");
    const seen = await workflowOf(reviewer, id);
    expect(seen.snapshot?.changedSinceSubmitted).toBe(true);
    expect(JSON.stringify(seen.snapshot?.redline)).toContain("Uncapped");
    expect(seen.review?.reviewers.map((r) => r.approvedVersionId)).toEqual([snapshot.versionId, snapshot.versionId]);

    const published = (await body<WorkflowBody>(await move(author, id, "publish"))).workflow;
    const publication = (await versionsOf(id)).find((v) => v.id === published.published!.versionId)!;
    expect(publication).toMatchObject({ reason: "PUBLISH", contentHash: snapshot.contentHash });
    expect(await readerText(clientA, id)).toBe("Liability\nCap at 12 months' fees.");
    // The edit is the next draft, still the editors'.
    expect(await readerText(author, id)).toContain("Uncapped liability");
    expect((await workflowOf(author, id)).draftChanges).toBe(true);
  });

  test("open suggestions are counted for the review and left out of the published version (ADR 032)", async () => {
    const id = await createDocument({ markdown: "# Liability\n\nCap at 12 months' fees." });
    // A collaborator in Suggesting mode: "12" deleted, "18" inserted.
    const by = { authorId: author.id, authorName: "Alex Author", createdAt: "2026-12-07T12:00:00.000Z" };
    const suggested = {
      type: "doc",
      content: [
        { type: "heading", attrs: { level: 1 }, content: [{ type: "text", text: "Liability" }] },
        {
          type: "paragraph",
          content: [
            { type: "text", text: "Cap at " },
            { type: "text", text: "12", marks: [{ type: "deletion", attrs: { id: "d1", ...by } }] },
            { type: "text", text: "18", marks: [{ type: "insertion", attrs: { id: "i1", ...by } }] },
            { type: "text", text: " months' fees." },
          ],
        },
      ],
    };
    const store = server.services.documentState;
    const current = await store.load(id);
    await store.append(id, applyJsonAsUpdate(current, suggested));
    current.destroy();
    const edited = await store.load(id);
    const derived = deriveContent(edited);
    await store.saveDerived(id, derived);
    edited.destroy();
    // Search and sections read the text without suggestions; the draft's JSON keeps them.
    expect(derived.text).toBe("Liability\nCap at 12 months' fees.");
    expect(JSON.stringify(derived.json)).toContain('"insertion"');

    expect((await workflowOf(author, id)).draftSuggestions).toBe(2);
    const submitted = (await body<WorkflowBody>(await move(author, id, "review", { reviewerIds: [reviewer.id, secondReviewer.id] }))).workflow;
    expect(submitted.review?.snapshot?.openSuggestions).toBe(2);
    const assigned = await body<{ reviews: PresentedAssignedReview[] }>(await reviewer.client.get("/api/v1/reviews/assigned"));
    expect(assigned.reviews.find((r) => r.document.id === id)?.snapshot?.openSuggestions).toBe(2);
    await move(reviewer, id, "review/decision", { decision: "approve" });
    await move(secondReviewer, id, "review/decision", { decision: "approve" });

    const published = (await body<WorkflowBody>(await move(author, id, "publish"))).workflow;
    const version = await db().prisma.documentVersion.findUniqueOrThrow({ where: { id: published.published!.versionId } });
    expect(JSON.stringify(version.contentJson)).not.toMatch(/"insertion"|"deletion"|18/);
    expect(version.contentText).toBe("Liability\nCap at 12 months' fees.");
    expect(await readerText(clientA, id)).toBe("Liability\nCap at 12 months' fees.");
    // Its Yjs state too, so restoring the version brings back no suggestion.
    const restored = deriveContent(yDocFromState(version.ydocState));
    expect(JSON.stringify(restored.json)).not.toContain("insertion");
  });

  test("replacing the snapshot gives reviewers the current draft and resets every approval, audited", async () => {
    const id = await createDocument({ markdown: "# Term\n\nTwo years." });
    const first = (await body<WorkflowBody>(await move(author, id, "review", { reviewerIds: [reviewer.id] }))).workflow.review!.snapshot!;
    await move(reviewer, id, "review/decision", { decision: "approve", comment: "Fine." });
    await expectError(await move(author, id, "review/snapshot"), 409, "snapshot_unchanged");
    await editDraft(server.services.documentState, id, "# Term\n\nFive years.");
    await expectError(await move(staffViewer, id, "review/snapshot"), 403, "forbidden");

    const replaced = (await body<WorkflowBody>(await move(author, id, "review/snapshot"))).workflow;
    expect(replaced.review?.snapshot?.number).toBeGreaterThan(first.number);
    expect(replaced.review?.snapshot?.contentHash).not.toBe(first.contentHash);
    expect(replaced.review?.reviewers).toEqual([expect.objectContaining({ id: reviewer.id, decision: null, comment: "", approvedVersionId: null })]);
    expect(replaced.snapshot?.changedSinceSubmitted).toBe(false);
    await expectError(await move(author, id, "publish"), 409, "approvals_missing");
    const event = await db().prisma.auditEvent.findFirstOrThrow({ where: { targetId: id, action: "document.review_snapshot_replaced" } });
    expect(event.data).toMatchObject({ previousVersionId: first.versionId, decisionsReset: [reviewer.id] });

    await move(reviewer, id, "review/decision", { decision: "approve" });
    await move(author, id, "publish");
    expect(await readerText(clientA, id)).toBe("Term\nFive years.");
  });

  test("only the provider's editors and admins review: a viewer can be neither named nor approve", async () => {
    const id = await createDocument();
    const candidates = await body<{ reviewers: { id: string; role: string }[] }>(await author.client.get(`/api/v1/documents/${id}/reviewers`));
    expect(candidates.reviewers.map((r) => r.id)).not.toContain(staffViewer.id);
    expect(new Set(candidates.reviewers.map((r) => r.role))).toEqual(new Set(["ADMIN", "EDITOR"]));
    const refused = await expectError(await move(author, id, "review", { reviewerIds: [staffViewer.id] }), 400, "invalid_request");
    expect(JSON.stringify(refused.error.details)).toContain("editors and admins");

    // Named as an editor, then made a viewer: their approval is refused and changes nothing.
    await move(author, id, "review", { reviewerIds: [otherEditor.id] });
    const membership = await membershipOf(otherEditor);
    expect((await admin.client.request(`/api/v1/members/${membership}`, { method: "PATCH", json: { role: "VIEWER" } })).status).toBe(200);
    try {
      await expectError(await move(otherEditor, id, "review/decision", { decision: "approve" }), 403, "forbidden");
      expect((await workflowOf(author, id)).review?.reviewers[0]?.decision).toBeNull();
    } finally {
      await admin.client.request(`/api/v1/members/${membership}`, { method: "PATCH", json: { role: "EDITOR" } });
    }
  });

  test("the approval policy is enforced: the number of approvals and the owner role among the approvers", async () => {
    const policy = { kind: "PLAYBOOK", practiceArea: "Data protection", requiredApprovals: 2, ownerRoleRequired: true };
    await expectError(await author.client.request("/api/v1/approval-policies", { method: "PUT", json: policy }), 403, "forbidden");
    await expectError(await admin.client.request("/api/v1/approval-policies", { method: "PUT", json: { ...policy, requiredApprovals: 0 } }), 400, "invalid_request");
    const saved = await admin.client.request("/api/v1/approval-policies", { method: "PUT", json: policy });
    expect(saved.status).toBe(200);
    const policyId = (await body<{ policy: { id: string } }>(saved)).policy.id;
    try {
      const listed = await body<{ policies: { id: string; requiredApprovals: number }[] }>(await admin.client.get("/api/v1/approval-policies"));
      expect(listed.policies).toEqual([expect.objectContaining({ id: policyId, requiredApprovals: 2, ownerRoleRequired: true })]);

      const id = await createDocument({ practiceArea: "data protection", ownerRole: "Knowledge lawyer, data protection" });
      // At submit: too few reviewers, then nobody holding the owner role.
      const tooFew = await expectError(await move(author, id, "review", { reviewerIds: [reviewer.id] }), 400, "invalid_request");
      expect(JSON.stringify(tooFew.error.details)).toContain("needs 2 approvals");
      const noOwner = await expectError(await move(author, id, "review", { reviewerIds: [reviewer.id, otherEditor.id] }), 400, "invalid_request");
      expect(JSON.stringify(noOwner.error.details)).toContain("Knowledge lawyer, data protection");

      const rita = await membershipOf(reviewer);
      const titled = await admin.client.request(`/api/v1/members/${rita}`, { method: "PATCH", json: { title: "Knowledge lawyer" } });
      expect((await body<{ member: { title: string } }>(titled)).member.title).toBe("Knowledge lawyer");
      await move(author, id, "review", { reviewerIds: [reviewer.id, otherEditor.id, secondReviewer.id] });

      // Two approvals, but not the owner role's: refused, naming what is missing.
      await move(otherEditor, id, "review/decision", { decision: "approve" });
      await move(secondReviewer, id, "review/decision", { decision: "approve" });
      const missing = await expectError(await move(author, id, "publish"), 409, "approvals_missing");
      expect(missing.error.message).toContain("owner role (Knowledge lawyer, data protection)");
      expect(missing.error.message).not.toContain("2 approvals");

      // The knowledge lawyer approves: enough, though not every reviewer was needed.
      await move(reviewer, id, "review/decision", { decision: "approve" });
      expect((await move(author, id, "publish")).status).toBe(200);
      expect(await auditActions(id)).toContain("document.published");
      await admin.client.request(`/api/v1/members/${rita}`, { method: "PATCH", json: { title: "" } });
    } finally {
      expect((await admin.client.request(`/api/v1/approval-policies/${policyId}`, { method: "DELETE" })).status).toBe(204);
    }
    const trail = await db().prisma.auditEvent.findMany({ where: { targetId: policyId }, orderBy: { createdAt: "asc" } });
    expect(trail.map((e) => e.action)).toEqual(["approval_policy.set", "approval_policy.removed"]);
  });

  test("the starter library imports as Never reviewed; a review makes a document Maintained with its law stated as at", async () => {
    const playbooks = new URL("../../playbooks/", import.meta.url);
    const files = readdirSync(playbooks)
      .filter((f) => f.endsWith(".md"))
      .map((f) => ({ file: `playbooks/${f}`, content: readFileSync(new URL(f, playbooks), "utf8") }));
    const importer = (await loadViewer(db().prisma, author.id))!;
    const imported = await server.services.library.importFiles(importer, files);
    expect(imported.skipped).toEqual([]);
    const ids = (await db().prisma.document.findMany({ where: { slug: { not: null }, status: "PUBLISHED" }, select: { id: true } })).map((d) => d.id);
    expect(ids.length).toBeGreaterThan(0);
    for (const docId of ids) expect((await workflowOf(author, docId)).maintained).toBe("NEVER_REVIEWED");
    const due = await body<{ documents: PresentedReviewDue[] }>(await author.client.get("/api/v1/reviews/due"));
    expect(due.documents.filter((d) => ids.includes(d.document.id)).map((d) => d.maintained)).toEqual(ids.map(() => "NEVER_REVIEWED"));

    const id = ids[0]!;
    await move(author, id, "review", { reviewerIds: [reviewer.id] });
    await move(reviewer, id, "review/decision", { decision: "approve" });
    const lawDay = new Date(Date.now() - 3 * 24 * 3600 * 1000).toISOString().slice(0, 10);
    await expectError(await move(author, id, "publish", { lawStatedAt: "2999-01-01" }), 400, "invalid_request");
    const reviewed = (await body<WorkflowBody>(await move(author, id, "publish", { lawStatedAt: lawDay }))).workflow;
    expect(reviewed.maintained).toBe("MAINTAINED");
    expect(reviewed.lawStatedAt).toBe(`${lawDay}T00:00:00.000Z`);
    expect((await body<{ document: PresentedDocument }>(await author.client.get(`/api/v1/documents/${id}`))).document.lawStatedAt).toBe(`${lawDay}T00:00:00.000Z`);
    const after = await body<{ documents: PresentedReviewDue[] }>(await author.client.get("/api/v1/reviews/due"));
    expect(after.documents.map((d) => d.document.id)).not.toContain(id);
  });
});
