import { describe, expect, test } from "vitest";
import { documentSchema } from "~/editor/schema";
import { initials, safeColor, userColor, USER_COLORS } from "./user-color";
import { syncStatus, SYNC_STATUS_TEXT, type SyncFacts } from "./sync-status";
import { collectVariables } from "./variables";

describe("user colours", () => {
  test("the same id always gets the same palette colour", () => {
    expect(userColor("user-1")).toBe(userColor("user-1"));
    expect(USER_COLORS).toContain(userColor("user-1"));
    const spread = new Set(Array.from({ length: 40 }, (_, i) => userColor(`user-${i}`)));
    expect(spread.size).toBeGreaterThan(6);
  });

  test("only plain hex colours from outside are used", () => {
    expect(safeColor("#123abc", "u")).toBe("#123abc");
    expect(safeColor("red;background:url(x)", "u")).toBe(userColor("u"));
  });

  test("initials", () => {
    expect(initials("Ada Lovelace")).toBe("AL");
    expect(initials(" cher ")).toBe("C");
    expect(initials("Jean Paul Sartre")).toBe("JS");
    expect(initials("")).toBe("?");
  });
});

describe("sync status", () => {
  const base: SyncFacts = { online: true, connection: "connected", synced: true, pending: false, hadTrouble: false };
  test.each([
    [{}, "Saved"],
    [{ pending: true }, "Saving…"],
    [{ synced: false }, "Saving…"],
    [{ online: false }, "Offline — changes kept locally"],
    [{ connection: "disconnected", pending: true }, "Offline — changes kept locally"],
    [{ connection: "connecting", hadTrouble: true }, "Reconnecting"],
    [{ connection: "connecting", synced: false }, "Saving…"],
  ] as const)("%o → %s", (facts, text) => {
    expect(SYNC_STATUS_TEXT[syncStatus({ ...base, ...facts })]).toBe(text);
  });
});

describe("document variables", () => {
  test("lists each variable once, in order, merging details", () => {
    const doc = documentSchema.nodeFromJSON({
      type: "doc",
      content: [
        {
          type: "paragraph",
          content: [
            { type: "templateVariable", attrs: { name: "supplier" } },
            { type: "templateVariable", attrs: { name: "customer", label: "Customer", defaultValue: "Acme" } },
          ],
        },
        {
          type: "clausePosition",
          attrs: { clauseId: "c", name: "Cap", escalateTo: "" },
          content: [
            { type: "clausePart", attrs: { role: "preferred" }, content: [{ type: "paragraph", content: [{ type: "templateVariable", attrs: { name: "supplier", label: "Supplier", required: true } }] }] },
          ],
        },
      ],
    });
    expect(collectVariables(doc)).toEqual([
      { name: "supplier", label: "Supplier", defaultValue: "", required: true, type: "text", choices: [], count: 2 },
      { name: "customer", label: "Customer", defaultValue: "Acme", required: false, type: "text", choices: [], count: 1 },
    ]);
  });
});
