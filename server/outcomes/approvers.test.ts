import { describe, expect, test } from "vitest";
import type { ClauseSummary } from "../documents/derive.ts";
import { approverFor, isClientRole, titleHoldsRole } from "./approvers.ts";

const clause = (over: Partial<ClauseSummary> = {}): ClauseSummary => ({
  clauseId: "c",
  name: "Cap",
  preferred: "",
  fallbacks: ["24 months", "36 months"],
  greyzone: "",
  redline: "",
  rationale: "",
  pushback: "",
  spotting: "",
  escalateTo: "General Counsel",
  perspective: "",
  required: false,
  fallbackApprovers: ["", "Supervising associate"],
  greyzoneApprover: "Partner",
  redlineApprover: "Client general counsel",
  ...over,
});

describe("approvers (ADR 036)", () => {
  test("each outcome's approver is the one its part names; none named, none needed", () => {
    expect(approverFor(clause(), "PREFERRED", null)).toBeNull();
    expect(approverFor(clause(), "NOT_APPLICABLE", null)).toBeNull();
    expect(approverFor(clause(), "FALLBACK", 1)).toBeNull();
    expect(approverFor(clause(), "FALLBACK", 2)).toBe("Supervising associate");
    expect(approverFor(clause(), "RED_LINE", null)).toBe("Client general counsel");
    expect(approverFor(clause({ redlineApprover: " " }), "RED_LINE", null)).toBeNull();
  });

  test("the grey zone always needs someone: its approver, else the red line's, else the clause's escalation", () => {
    expect(approverFor(clause(), "GREY_ZONE", null)).toBe("Partner");
    expect(approverFor(clause({ greyzoneApprover: "" }), "GREY_ZONE", null)).toBe("Client general counsel");
    expect(approverFor(clause({ greyzoneApprover: "", redlineApprover: "" }), "GREY_ZONE", null)).toBe("General Counsel");
    expect(approverFor(clause({ greyzoneApprover: "", redlineApprover: "", escalateTo: "" }), "GREY_ZONE", null)).toBeNull();
  });

  test("a title holds a role ignoring case and spaces; a client role's holder may leave out “Client ”", () => {
    expect(titleHoldsRole("  supervising   ASSOCIATE ", "Supervising associate")).toBe(true);
    expect(titleHoldsRole("Senior supervising associate", "Supervising associate")).toBe(false);
    expect(titleHoldsRole(null, "Partner")).toBe(false);
    expect(titleHoldsRole("", "Partner")).toBe(false);
    expect(isClientRole("Client general counsel")).toBe(true);
    expect(isClientRole("Clientele manager")).toBe(false);
    expect(titleHoldsRole("General counsel", "Client general counsel")).toBe(true);
    expect(titleHoldsRole("client General Counsel", "Client general counsel")).toBe(true);
    // Only a client role's name drops the prefix: the title "Client partner" does not hold the provider role "Partner".
    expect(titleHoldsRole("General counsel", "General counsel")).toBe(true);
    expect(titleHoldsRole("Client partner", "Partner")).toBe(false);
  });
});
