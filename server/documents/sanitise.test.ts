import { describe, expect, test } from "vitest";
import type { ProseMirrorJSON } from "./derive.ts";
import { applyReplacements, companyNamesIn, findIdentifyingTerms, nameVariants, plainText, remainingTerms, termsInText } from "./sanitise.ts";

const p = (...content: ProseMirrorJSON[]): ProseMirrorJSON => ({ type: "paragraph", content });
const t = (text: string, marks?: ProseMirrorJSON["marks"]): ProseMirrorJSON => (marks ? { type: "text", text, marks } : { type: "text", text });
const h = (text: string): ProseMirrorJSON => ({ type: "heading", attrs: { level: 2 }, content: [t(text)] });
const doc = (...content: ProseMirrorJSON[]): ProseMirrorJSON => ({ type: "doc", content });

const supplyAgreement = doc(
  h("Supply Agreement"),
  p(
    t("This agreement is dated 27 November 2026 and made between Acme Holdings Limited (the \"Customer\") and Northwind Traders Ltd (the \"Supplier\"), "),
    t("matter reference NW-2026-014."),
  ),
  p(t("The Customer shall pay the Supplier £12,500.00 within 30 days of each invoice, and a further USD 4,000 on 2026-12-31.")),
  p(t("Notices to Acme go to its general counsel, Jane Patel, at jane.patel@acme.example or +44 20 7946 0958; Ms Patel will reply by 15/01/2027.")),
  p(t("The Confidential Information and the Effective Date are defined in Schedule 1. Case No. HC-2024-001234 is stayed.")),
);

const context = { clientName: "Acme Holdings Limited", references: ["NW-2026-014"], texts: ["Supply agreement with Northwind Traders Ltd"] };

describe("findIdentifyingTerms", () => {
  const terms = findIdentifyingTerms(supplyAgreement, context);
  const byTerm = Object.fromEntries(terms.map((x) => [x.term, x]));

  test("finds the client by its full name and its short forms, case-insensitively", () => {
    expect(byTerm["Acme Holdings Limited"]).toMatchObject({ category: "CLIENT", occurrences: 1, replacement: "[Client]" });
    expect(byTerm["Acme"]).toMatchObject({ category: "CLIENT", occurrences: 1 });
    const shouted = findIdentifyingTerms(doc(p(t("Signed for ACME HOLDINGS by its director."))), context);
    expect(shouted[0]).toMatchObject({ term: "ACME HOLDINGS", category: "CLIENT" });
  });

  test("finds counterparties from the mandate's texts and company names in the document", () => {
    expect(byTerm["Northwind Traders Ltd"]).toMatchObject({ category: "COUNTERPARTY", replacement: "[Counterparty]" });
    const other = findIdentifyingTerms(doc(p(t("A guarantee from Globex Corporation plc is required."))), {});
    expect(other.map((x) => [x.term, x.category])).toContainEqual(["Globex Corporation plc", "COUNTERPARTY"]);
  });

  test("finds people: a first and last name, a title with a name, and the surname alone", () => {
    expect(byTerm["Jane Patel"]).toMatchObject({ category: "NAME", replacement: "[Name]" });
    expect(byTerm["Ms Patel"]).toMatchObject({ category: "NAME" });
  });

  test("finds emails, phone numbers, amounts, dates and references", () => {
    expect(byTerm["jane.patel@acme.example"]?.category).toBe("EMAIL");
    expect(byTerm["+44 20 7946 0958"]?.category).toBe("PHONE");
    expect(byTerm["£12,500.00"]).toMatchObject({ category: "AMOUNT", replacement: "[Amount]" });
    expect(byTerm["USD 4,000"]?.category).toBe("AMOUNT");
    expect(byTerm["27 November 2026"]).toMatchObject({ category: "DATE", replacement: "[Date]" });
    expect(byTerm["2026-12-31"]?.category).toBe("DATE");
    expect(byTerm["15/01/2027"]?.category).toBe("DATE");
    expect(byTerm["NW-2026-014"]).toMatchObject({ category: "REFERENCE", replacement: "[Reference]" });
    expect(byTerm["HC-2024-001234"]?.category).toBe("REFERENCE");
  });

  test("leaves defined terms, headings, sentence starts and plain numbers alone", () => {
    const found = terms.map((x) => x.term);
    for (const kept of ["Supply Agreement", "Confidential Information", "Effective Date", "Schedule 1", "30", "Customer", "Supplier"]) {
      expect(found).not.toContain(kept);
    }
  });

  test("counts every occurrence of a term and lists each term once", () => {
    const repeated = findIdentifyingTerms(doc(p(t("Acme Holdings Limited pays. Later, acme holdings limited pays again.")), p(t("Acme Holdings Limited."))), context);
    expect(repeated.filter((x) => x.category === "CLIENT")).toEqual([
      { term: "Acme Holdings Limited", category: "CLIENT", occurrences: 3, replacement: "[Client]" },
    ]);
  });

  test("finds a name split across marks, and in a clause's attributes", () => {
    const split = doc(p(t("Signed by the Customer's director, "), t("Acme", [{ type: "bold" }]), t(" Holdings Limited.")));
    expect(findIdentifyingTerms(split, context)[0]).toMatchObject({ term: "Acme Holdings Limited", occurrences: 1 });
    const clause = doc({ type: "clausePosition", attrs: { clauseId: "c1", name: "Cap", escalateTo: "Jane Patel" }, content: [p(t("Liability is capped."))] });
    expect(findIdentifyingTerms(clause, { people: ["Jane Patel"] }).map((x) => x.term)).toEqual(["Jane Patel"]);
  });
});

describe("applyReplacements", () => {
  const terms = findIdentifyingTerms(supplyAgreement, context);

  test("replaces every found term with its placeholder, and none remains", () => {
    const out = applyReplacements(supplyAgreement, terms);
    const text = plainText(out);
    expect(remainingTerms(out, terms.map((x) => x.term))).toEqual([]);
    expect(text).toContain("made between [Client] (the \"Customer\") and [Counterparty] (the \"Supplier\")");
    expect(text).toContain("pay the Supplier [Amount] within 30 days");
    expect(text).toContain("general counsel, [Name], at [Email] or [Phone]; [Name] will reply by [Date]");
    expect(text).toContain("Case No. [Reference] is stayed");
    // Untouched: the heading and the source is not changed.
    expect(text.split("\n")[0]).toBe("Supply Agreement");
    expect(plainText(supplyAgreement)).toContain("Acme Holdings Limited");
  });

  test("keeps marks and structure; a match across nodes lands in the first with its marks", () => {
    const split = doc(p(t("Director of "), t("Acme", [{ type: "bold" }]), t(" Holdings Limited", [{ type: "italic" }]), t(" signs.")));
    const out = applyReplacements(split, [{ term: "Acme Holdings Limited", replacement: "[Client]" }]);
    expect(out).toEqual(doc(p(t("Director of "), t("[Client]", [{ type: "bold" }]), t(" signs."))));
  });

  test("an edited replacement is used, an empty one removes the term, and case is ignored", () => {
    const out = applyReplacements(doc(p(t("ACME pays Acme's supplier; contact Jane Patel."))), [
      { term: "Acme", replacement: "the Customer" },
      { term: "Jane Patel", replacement: "" },
    ]);
    expect(plainText(out)).toBe("the Customer pays the Customer's supplier; contact .");
  });

  test("a term inside a longer word is not touched, and a longer term wins over its prefix", () => {
    const out = applyReplacements(doc(p(t("Acmeco is not Acme Holdings; Acme is."))), [
      { term: "Acme", replacement: "[Client]" },
      { term: "Acme Holdings", replacement: "[Client group]" },
    ]);
    expect(plainText(out)).toBe("Acmeco is not [Client group]; [Client] is.");
  });

  test("replaces in attributes and drops text nodes it empties", () => {
    const source = doc(
      { type: "clausePosition", attrs: { clauseId: "c1", name: "Acme cap", escalateTo: "Jane Patel" }, content: [p(t("Acme"), t(" pays."))] },
    );
    const out = applyReplacements(source, [
      { term: "Acme", replacement: "" },
      { term: "Jane Patel", replacement: "[Name]" },
    ]);
    expect(out).toEqual(doc({ type: "clausePosition", attrs: { clauseId: "c1", name: " cap", escalateTo: "[Name]" }, content: [p(t(" pays."))] }));
  });
});

describe("remainingTerms and helpers", () => {
  test("reports each term still present with its count", () => {
    const d = doc(p(t("Acme and ACME, but not Acmeco; Jane Patel.")));
    expect(remainingTerms(d, ["Acme", "Jane Patel", "Northwind"])).toEqual([
      { term: "Acme", occurrences: 2 },
      { term: "Jane Patel", occurrences: 1 },
    ]);
  });

  test("a title is checked for terms", () => {
    expect(termsInText("Acme supply agreement", ["Acme", "Northwind"])).toEqual(["Acme"]);
  });

  test("name variants drop the company suffix; company names are read from free text", () => {
    expect(nameVariants("Acme Holdings Limited")).toEqual(["Acme Holdings Limited", "Acme Holdings", "Acme"]);
    expect(nameVariants("General Widgets plc")).toEqual(["General Widgets plc", "General Widgets"]);
    expect(companyNamesIn("The NDA between Acme Ltd and Northwind Traders GmbH")).toEqual(["Acme Ltd", "Northwind Traders GmbH"]);
  });
});
