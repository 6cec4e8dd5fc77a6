import { describe, expect, test } from "vitest";
import { CLIENT_A, CLIENT_B, OTHER_PROVIDER, PROVIDER } from "../../test/factories/viewers.ts";
import { linkNotAllowed, linkRefusal, type LinkTarget } from "./links.ts";

const mandateForA = { id: "m1", providerOrganizationId: PROVIDER, clientOrganizationId: CLIENT_A };

const doc = (over: Partial<LinkTarget> = {}): LinkTarget => ({
  id: "d1",
  title: "Playbook",
  kind: "PLAYBOOK",
  organizationId: PROVIDER,
  status: "PUBLISHED",
  visibility: "INTERNAL",
  shares: [],
  clientOrganizationId: null,
  ...over,
});

describe("the link rule (ADR 009)", () => {
  test.each<[string, LinkTarget, boolean]>([
    ["an internal document of the provider", doc(), true],
    ["an internal draft", doc({ status: "DRAFT" }), true],
    ["a document shared with the mandate's client", doc({ visibility: "SHARED", shares: [{ organizationId: CLIENT_A }] }), true],
    ["a document shared with this client and another", doc({ visibility: "SHARED", shares: [{ organizationId: CLIENT_B }, { organizationId: CLIENT_A }] }), true],
    ["a document shared only with another client", doc({ visibility: "SHARED", shares: [{ organizationId: CLIENT_B }] }), false],
    ["a shared document with no shares", doc({ visibility: "SHARED", shares: [] }), false],
    ["an internal document with stale share rows", doc({ visibility: "INTERNAL", shares: [{ organizationId: CLIENT_B }] }), true],
    ["an archived document", doc({ status: "ARCHIVED" }), false],
    ["another provider's document", doc({ organizationId: OTHER_PROVIDER }), false],
  ])("%s → allowed %s", (_name, target, allowed) => {
    expect(linkRefusal(target, mandateForA) === null).toBe(allowed);
  });

  test("a refusal names each document and why, as a 422", () => {
    const error = linkNotAllowed([{ id: "d1", title: "For B", reason: linkRefusal(doc({ visibility: "SHARED", shares: [{ organizationId: CLIENT_B }] }), mandateForA)! }]);
    expect(error).toMatchObject({ status: 422, code: "link_not_allowed", details: { documents: [{ id: "d1" }] } });
    expect(error.message).toMatch(/"For B" cannot be linked to this mandate: It is shared with other clients/);
  });
});
