import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { deriveSections, markdownToJson } from "../documents/derive.ts";
import { safeId, toSearchRecords, type IndexableDocument } from "./records.ts";

const MARKDOWN = `# Limitation of liability

Applies to every counterparty.

:::clause {id="cap" name="Liability cap"}

:::preferred

Cap at 12 months' fees.

:::

:::fallback

Cap at 24 months' fees.

:::

:::fallback

Cap at 36 months' fees.

:::

:::redline

Unlimited liability.

:::

:::rationale

Market standard.

:::

:::

## Carve-outs

Fraud and wilful misconduct.

# Über Größe

Other text.
`;

function documentOf(overrides: Partial<IndexableDocument> = {}): IndexableDocument {
  return {
    id: "doc1",
    organizationId: "prov",
    kind: "PLAYBOOK",
    title: "Supply playbook",
    summary: "How we negotiate supply agreements.",
    practiceArea: "Commercial",
    jurisdictions: ["England & Wales"],
    tags: ["supply"],
    ownerId: "u1",
    status: "PUBLISHED",
    visibility: "SHARED",
    contentText: "Limitation of liability\nApplies to every counterparty.",
    sections: deriveSections(markdownToJson(MARKDOWN)),
    publishedVersion: null,
    updatedAt: new Date(1_700_000_000_000),
    shares: [{ organizationId: "clientA" }],
    clientOrganizationId: null,
    confidentiality: "HOUSE",
    toolkitItems: [],
    ...overrides,
  };
}

describe("search records", () => {
  test("one document record with headings and clause names, summary and text", () => {
    const [doc] = toSearchRecords(documentOf());
    expect(doc).toMatchObject({
      id: "doc_doc1",
      scope: "documents",
      anchor: null,
      title: "Supply playbook",
      documentTitle: "Supply playbook",
      headings: ["Limitation of liability", "Liability cap", "Carve-outs", "Über Größe"],
      clauseName: null,
      sharedWithOrganizationIds: ["clientA"],
      updatedAt: 1_700_000_000_000,
    });
    expect(doc!.body).toContain("How we negotiate supply agreements.");
    expect(doc!.body).toContain("Applies to every counterparty.");
  });

  test("one clauses record per heading and clause position, with anchors, heading path and positions", () => {
    const sections = toSearchRecords(documentOf()).filter((r) => r.scope === "clauses");
    expect(sections.map((s) => s.anchor)).toEqual(["limitation-of-liability", "clause-cap", "carve-outs", "uber-grosse"]);
    const clause = sections.find((s) => s.anchor === "clause-cap")!;
    expect(clause).toMatchObject({
      id: "sec_doc1_clause-cap",
      title: "Liability cap",
      documentTitle: "Supply playbook",
      clauseName: "Liability cap",
      headings: ["Limitation of liability"],
    });
    expect(clause.clausePositions).toEqual([
      { role: "preferred", index: 0, text: "Cap at 12 months' fees." },
      { role: "fallback", index: 1, text: "Cap at 24 months' fees." },
      { role: "fallback", index: 2, text: "Cap at 36 months' fees." },
      { role: "redline", index: 0, text: "Unlimited liability." },
      { role: "rationale", index: 0, text: "Market standard." },
    ]);
    expect(sections.find((s) => s.anchor === "carve-outs")).toMatchObject({
      headings: ["Limitation of liability", "Carve-outs"],
      body: "Fraud and wilful misconduct.",
      clauseName: null,
    });
    expect(sections.find((s) => s.anchor === "uber-grosse")!.headings).toEqual(["Über Größe"]);
  });

  test("a version 2 clause's grey zone, pushback, spotting and model wording are searchable under their own roles", () => {
    const markdown = readFileSync(new URL("../../test/fixtures/clause-position-v2.md", import.meta.url), "utf8");
    const clause = toSearchRecords(documentOf({ sections: deriveSections(markdownToJson(markdown)) })).find((r) => r.anchor === "clause-c2")!;
    expect(clause.clausePositions).toEqual([
      { role: "preferred", index: 0, text: "Cap at 12 months' fees.\nEach party's total liability is limited to the fees paid in the 12 months before the claim." },
      { role: "fallback", index: 1, text: "Cap at 24 months' fees." },
      { role: "greyzone", index: 0, text: "A cap above 24 months' fees but below the red line." },
      { role: "redline", index: 0, text: "No cap at all." },
      { role: "pushback", index: 0, text: "Our insurer will not cover more." },
      { role: "spotting", index: 0, text: "Look for a cap defined in the order form." },
    ]);
  });

  test("with a published version, that version is indexed, not the draft being edited (ADR 012)", () => {
    const published = markdownToJson("# Governing law\n\nEnglish law applies.");
    const records = toSearchRecords(
      documentOf({
        contentText: "Draft: New York law applies.",
        publishedVersion: { contentText: "Governing law\nEnglish law applies.", contentJson: published },
      }),
    );
    const text = records.map((r) => `${r.headings.join(" ")} ${r.body}`).join("\n");
    expect(text).toContain("English law applies.");
    expect(text).not.toContain("New York");
    expect(text).not.toContain("Liability cap");
    expect(records.filter((r) => r.scope === "clauses").map((r) => r.anchor)).toEqual(["governing-law"]);
    // A version whose JSON does not check is still found by its text.
    const [bad] = toSearchRecords(documentOf({ publishedVersion: { contentText: "Old text.", contentJson: { type: "nonsense" } } }));
    expect(bad!.body).toContain("Old text.");
  });

  test("an INTERNAL document is shared with no one, whatever share rows remain", () => {
    const records = toSearchRecords(documentOf({ visibility: "INTERNAL" }));
    expect(records.every((r) => r.sharedWithOrganizationIds.length === 0)).toBe(true);
  });

  test("every record, document and section, carries the document's client and marking", () => {
    const house = toSearchRecords(documentOf());
    expect(house.every((r) => r.clientOrganizationId === null && r.confidentiality === "HOUSE")).toBe(true);
    const privileged = toSearchRecords(documentOf({ clientOrganizationId: "clientA", confidentiality: "PRIVILEGED" }));
    expect(privileged.length).toBeGreaterThan(1);
    expect(privileged.every((r) => r.clientOrganizationId === "clientA" && r.confidentiality === "PRIVILEGED")).toBe(true);
  });

  test("malformed sections are skipped, not indexed", () => {
    const records = toSearchRecords(documentOf({ sections: [{ anchor: 1 }, null, "x"] }));
    expect(records).toHaveLength(1);
  });

  test("ids use engine-safe characters only and stay distinct", () => {
    expect(safeId("a_b")).not.toBe(safeId("a-b"));
    expect(safeId("привет-2")).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  test("a toolkit's record lists its members' titles, only those at least as visible as the toolkit", () => {
    const member = (title: string, over: Partial<IndexableDocument["toolkitItems"][number]["document"]> = {}) => ({
      document: {
        title,
        publishedVersionId: "v1" as string | null,
        status: "PUBLISHED" as const,
        visibility: "SHARED" as const,
        shares: [{ organizationId: "clientA" }],
        clientOrganizationId: null,
        ...over,
      },
    });
    const toolkitItems = [
      member("Mutual NDA template"),
      member("Internal escalation notes", { visibility: "INTERNAL", shares: [] }),
      member("Shared with another client", { shares: [{ organizationId: "clientB" }] }),
      member("Draft checklist", { status: "DRAFT" }),
      member("Unapproved memo", { status: "IN_REVIEW", publishedVersionId: null }),
      member("Old playbook", { status: "ARCHIVED" }),
    ];
    const shared = toSearchRecords(documentOf({ kind: "TOOLKIT", sections: [], toolkitItems }))[0]!;
    expect(shared.headings).toEqual(["Mutual NDA template"]);

    const internal = toSearchRecords(documentOf({ kind: "TOOLKIT", visibility: "INTERNAL", sections: [], toolkitItems }))[0]!;
    expect(internal.headings).toEqual(["Mutual NDA template", "Internal escalation notes", "Shared with another client", "Draft checklist", "Unapproved memo"]);

    const playbook = toSearchRecords(documentOf({ kind: "PLAYBOOK", sections: [], toolkitItems }))[0]!;
    expect(playbook.headings).toEqual([]);
  });

  test("a toolkit never lists a client's material its readers need not know: none in a house toolkit, only its own client's in a client's", () => {
    const member = (title: string, clientOrganizationId: string | null) => ({
      document: { title, publishedVersionId: "v1" as string | null, status: "PUBLISHED" as const, visibility: "INTERNAL" as const, shares: [], clientOrganizationId },
    });
    const toolkitItems = [member("House NDA template", null), member("Apex share purchase notes", "clientA"), member("Borealis board minutes", "clientB")];
    const internal = { kind: "TOOLKIT" as const, visibility: "INTERNAL" as const, sections: [], toolkitItems };
    expect(toSearchRecords(documentOf(internal))[0]!.headings).toEqual(["House NDA template"]);
    expect(toSearchRecords(documentOf({ ...internal, clientOrganizationId: "clientA", confidentiality: "CLIENT_CONFIDENTIAL" }))[0]!.headings).toEqual([
      "House NDA template",
      "Apex share purchase notes",
    ]);
  });
});
