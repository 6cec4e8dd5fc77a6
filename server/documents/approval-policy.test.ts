import { describe, expect, test } from "vitest";
import { DEFAULT_APPROVAL_POLICY, holdsOwnerRole, missingApprovals, policyFor, type ApprovalPolicyRule } from "./approval-policy.ts";

const rule = (over: Partial<ApprovalPolicyRule>): ApprovalPolicyRule => ({ ...DEFAULT_APPROVAL_POLICY, id: JSON.stringify(over), ...over });

describe("approval policy", () => {
  const orgDefault = rule({ requiredApprovals: 1 });
  const playbooks = rule({ kind: "PLAYBOOK", requiredApprovals: 2 });
  const dataPlaybooks = rule({ kind: "PLAYBOOK", practiceArea: "Data protection", requiredApprovals: 3, ownerRoleRequired: true });

  test("the most specific policy wins: kind and practice area, then kind, then the organisation's default, then every reviewer", () => {
    const rules = [orgDefault, playbooks, dataPlaybooks];
    expect(policyFor(rules, { kind: "PLAYBOOK", practiceArea: " data PROTECTION " })).toBe(dataPlaybooks);
    expect(policyFor(rules, { kind: "PLAYBOOK", practiceArea: "Commercial" })).toBe(playbooks);
    expect(policyFor(rules, { kind: "PLAYBOOK", practiceArea: null })).toBe(playbooks);
    expect(policyFor(rules, { kind: "TEMPLATE", practiceArea: "Data protection" })).toBe(orgDefault);
    expect(policyFor([], { kind: "TEMPLATE", practiceArea: null })).toBe(DEFAULT_APPROVAL_POLICY);
  });

  test("a title holds the owner role by its whole text, or by the part before the comma when it has none", () => {
    expect(holdsOwnerRole("Knowledge lawyer", "Knowledge lawyer, commercial")).toBe(true);
    expect(holdsOwnerRole("knowledge LAWYER,commercial", "Knowledge lawyer, commercial")).toBe(true);
    expect(holdsOwnerRole("Knowledge lawyer, data protection", "Knowledge lawyer, commercial")).toBe(false);
    expect(holdsOwnerRole("Knowledge", "Knowledge lawyer, commercial")).toBe(false);
    expect(holdsOwnerRole(null, "Knowledge lawyer")).toBe(false);
    expect(holdsOwnerRole("Knowledge lawyer", null)).toBe(false);
  });

  test("names what is missing: every reviewer by default, a count, the owner role", () => {
    const reviewers = [
      { name: "Ann", approved: true, title: "Associate" },
      { name: "Bob", approved: false, title: "Knowledge lawyer" },
    ];
    expect(missingApprovals(DEFAULT_APPROVAL_POLICY, { reviewers }, null)).toEqual({
      pending: ["Bob"],
      missing: ["approval by every reviewer (waiting for Bob)"],
    });
    expect(missingApprovals(rule({ requiredApprovals: 1 }), { reviewers }, null).missing).toEqual([]);
    expect(missingApprovals(rule({ requiredApprovals: 2 }), { reviewers }, null).missing).toEqual(["2 approvals (1 so far)"]);
    expect(missingApprovals(rule({ requiredApprovals: 1, ownerRoleRequired: true }), { reviewers }, "Knowledge lawyer, commercial").missing).toEqual([
      "an approval by the owner role (Knowledge lawyer, commercial)",
    ]);
    const both = reviewers.map((r) => ({ ...r, approved: true }));
    expect(missingApprovals(rule({ requiredApprovals: 2, ownerRoleRequired: true }), { reviewers: both }, "Knowledge lawyer, commercial").missing).toEqual([]);
  });
});
