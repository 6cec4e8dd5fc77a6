import { describe, expect, test } from "vitest";
import { generatedTitle } from "./title.ts";

describe("a generated document's title", () => {
  const made = { deliverableTitle: "Acme NDA review", clientName: "Client A", mandateReference: "NW-2026-014" };

  test("the template's title and the deliverable it was made for", () => {
    expect(generatedTitle({ title: "Mutual NDA" }, made)).toBe("Mutual NDA – Acme NDA review");
  });

  test("for a deliverable named after the template, the client and the mandate instead: never the template's title alone", () => {
    expect(generatedTitle({ title: "Mutual NDA" }, { ...made, deliverableTitle: " mutual nda" })).toBe("Mutual NDA – Client A, NW-2026-014");
  });

  test("a long template title gives way, so what it was made for still shows within 200 characters", () => {
    const title = generatedTitle({ title: "T".repeat(200) }, made);
    expect(title).toHaveLength(200);
    expect(title.endsWith("… – Acme NDA review")).toBe(true);
  });
});
