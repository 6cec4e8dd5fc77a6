// Restoring a version while people are editing: the old content arrives through the sync
// server as an ordinary change, so every open editor converges on it without reconnecting.
import { afterAll, beforeAll, expect, test } from "vitest";
import { useTestDatabase } from "../helpers/database.ts";
import { addParagraph, connectClient, createMember, fragmentText, startCollab, waitFor, type CollabHarness } from "./collab-harness.ts";

const db = useTestDatabase();
let harness: CollabHarness;

beforeAll(async () => {
  harness = await startCollab(db());
  // The harness's own sync server is the one holding the rooms: restores must go through it.
  harness.services.documents.connectSync(harness.collab);
});
afterAll(() => harness?.close());

test("a restore reaches every open editor as a change; they stay connected and keep collaborating", async () => {
  const documents = harness.services.documents;
  const alice = await createMember(db(), harness.services, "EDITOR", "Provider LLP");
  const bob = await createMember(db(), harness.services, "EDITOR", "Provider LLP");
  const doc = await documents.create(alice.viewer, { kind: "PLAYBOOK", title: "Live restore", markdown: "Original wording." });
  const v1 = await documents.createVersion(alice.viewer, doc.id, { name: "Original" });

  const a = connectClient(harness.wsUrl, doc.id, { token: alice.token });
  const b = connectClient(harness.wsUrl, doc.id, { token: bob.token });
  try {
    await waitFor(() => a.provider.synced && b.provider.synced, { what: "both clients synced" });
    expect(fragmentText(a.doc)).toBe("Original wording.");
    addParagraph(a.doc, "Edited by Alice.");
    await waitFor(() => fragmentText(b.doc).includes("Edited by Alice."), { what: "Bob to see Alice's edit" });
    // Stored before relayed: once Bob has it, the log has it.
    expect((await harness.services.documentState.load(doc.id)).getXmlFragment("default").length).toBe(2);

    const { savedBefore } = await documents.restoreVersion(alice.viewer, doc.id, v1.id);
    await waitFor(() => fragmentText(a.doc) === "Original wording." && fragmentText(b.doc) === "Original wording.", {
      what: "both editors to show the restored content",
    });
    expect(savedBefore.contentText).toBe("Original wording.\nEdited by Alice.");
    expect(a.closes).toEqual([]);
    expect(b.closes).toEqual([]);
    expect(a.provider.wsconnected && b.provider.wsconnected).toBe(true);
    expect((await documents.get(alice.viewer, doc.id)).contentText).toBe("Original wording.");

    addParagraph(b.doc, "Bob after the restore.");
    await waitFor(() => fragmentText(a.doc) === "Original wording.\nBob after the restore.", { what: "Alice to see Bob's next edit" });
  } finally {
    a.destroy();
    b.destroy();
  }
});
