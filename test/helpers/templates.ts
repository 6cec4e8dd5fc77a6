// Templates → deliverables over HTTP: a starter template from playbooks/, and a mandate with a
// deliverable to fill it for.
import fs from "node:fs/promises";
import path from "node:path";
import { expect } from "vitest";
import type { PresentedDocument } from "../../server/documents/presenter.ts";
import { parseLibraryFile } from "../../server/library/front-matter.ts";
import type { PresentedDeliverable, PresentedMandate } from "../../server/mandates/presenter.ts";
import type { Client } from "./http.ts";

/** A published template with the starter library file's title and body (`file` in playbooks/). */
export async function createStarterTemplate(client: Client, file: string): Promise<PresentedDocument> {
  const source = await fs.readFile(path.resolve(import.meta.dirname, "../../playbooks", file), "utf8");
  const { frontMatter, body: markdown } = parseLibraryFile(source, file);
  const created = await client.post("/api/v1/documents", { kind: "TEMPLATE", title: frontMatter.title, status: "PUBLISHED", markdown });
  expect(created.status, await created.clone().text()).toBe(201);
  return ((await created.json()) as { document: PresentedDocument }).document;
}

/**
 * An active fixed-fee mandate ("Supplier NDAs", NW-2026-014, EUR 10,000 from 2 November 2026,
 * unless `mandate` says otherwise) for the client, with one deliverable.
 */
export async function createMandateWithDeliverable(
  client: Client,
  { mandate, deliverable }: { mandate: { clientOrganizationId: string } & Record<string, unknown>; deliverable: { title: string; type: string; feeMinor: number } },
): Promise<{ mandate: PresentedMandate; deliverable: PresentedDeliverable }> {
  const m = await client.post("/api/v1/mandates", {
    title: "Supplier NDAs",
    reference: "NW-2026-014",
    startDate: "2026-11-02",
    status: "ACTIVE",
    pricingModel: "FIXED_PER_DELIVERABLE",
    currency: "EUR",
    budgetMinor: 1_000_000,
    ...mandate,
  });
  expect(m.status, await m.clone().text()).toBe(201);
  const created = ((await m.json()) as { mandate: PresentedMandate }).mandate;
  const d = await client.post(`/api/v1/mandates/${created.id}/deliverables`, { deliverables: [deliverable] });
  expect(d.status, await d.clone().text()).toBe(201);
  return { mandate: created, deliverable: ((await d.json()) as { deliverables: PresentedDeliverable[] }).deliverables[0]! };
}
