// The starter NDA, generated over HTTP for a deliverable a toolkit named after it (issue 14): the
// form prefills what the mandate knows and each default, a required variable with a default may
// be left out, the document gets a title of its own, and the drafting notes stay in the template.
import mammoth from "mammoth";
import { beforeAll, describe, expect, test } from "vitest";
import type { PresentedDocument } from "../../server/documents/presenter.ts";
import type { PresentedDeliverable } from "../../server/mandates/presenter.ts";
import type { TemplateFormVariable } from "../../server/templates/service.ts";
import { useTestDatabase } from "../helpers/database.ts";
import type { Client } from "../helpers/http.ts";
import { signInNewUser, startTestServer, type TestServer } from "../helpers/server.ts";
import { createMandateWithDeliverable, createStarterTemplate } from "../helpers/templates.ts";

const db = useTestDatabase();
let server: TestServer;
let editor: Client;
let template: { id: string; title: string };
let deliverable: PresentedDeliverable;

const body = async <T>(response: Response) => (await response.json()) as T;
type FormBody = { title: string | null; variables: TemplateFormVariable[] };

/** The NDA's required values no mandate knows; the duration (required, default 3) is left out. */
const WRITTEN = {
  party_a_number: "01234567",
  party_a_address: "1 Market Street, London EC1A 1AA",
  party_b_name: "Acme Components Ltd",
  party_b_number: "07654321",
  party_b_address: "2 Mill Lane, Leeds LS1 1AA",
  purpose: "evaluating a supply of components",
  party_a_signatory: "Jane Doe, General Counsel",
  party_b_signatory: "John Roe, Director",
};

const byNameOf = (form: FormBody) => Object.fromEntries(form.variables.map((v) => [v.name, v]));

async function docxText(documentId: string) {
  const docx = await editor.get(`/api/v1/documents/${documentId}/export?format=docx`);
  expect(docx.status).toBe(200);
  return (await mammoth.extractRawText({ buffer: Buffer.from(await docx.arrayBuffer()) })).value;
}

beforeAll(async () => {
  server = await startTestServer({ db: db() });
  editor = (await signInNewUser(server, "EDITOR", "Provider LLP")).client;
  const clientId = (await signInNewUser(server, "CLIENT", "Client A")).organization.id;
  template = await createStarterTemplate(editor, "mutual-nda-template.md");
  // Named after the template, as the deliverables a toolkit suggests are.
  ({ deliverable } = await createMandateWithDeliverable(editor, {
    mandate: { clientOrganizationId: clientId },
    deliverable: { title: template.title, type: "NDA", feeMinor: 0 },
  }));
});

describe("the starter NDA for a deliverable named after it", () => {
  test("the form prefills the client as the first party, the date and each default, and offers a title of its own", async () => {
    const form = await body<FormBody>(await editor.get(`/api/v1/deliverables/${deliverable.id}/template-form?templateId=${template.id}`));
    const byName = byNameOf(form);
    expect(byName.party_a_name).toMatchObject({ value: "Client A", source: "client" });
    // A date's field holds a day; a short name is one line; a number is a number.
    expect(byName.effective_date).toMatchObject({ type: "date", source: "today" });
    expect(byName.effective_date?.value).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(byName.term_years).toMatchObject({ type: "number", required: true, defaultValue: "5", value: "5" });
    expect(byName.purpose).toMatchObject({ type: "text" });
    expect(byName.party_b_jurisdiction).toMatchObject({ value: "England and Wales" });
    expect(byName.party_b_name).toMatchObject({ value: "", source: null });
    expect(form.title).toBe("Mutual non-disclosure agreement (English law) – Client A, NW-2026-014");
  });

  test("a required value with a default may be left out; the title is not the template's; no drafting note reaches the document or its Word file", async () => {
    const form = await body<FormBody>(await editor.get(`/api/v1/deliverables/${deliverable.id}/template-form?templateId=${template.id}`));
    const prefilled = Object.fromEntries(form.variables.filter((v) => v.source).map((v) => [v.name, v.value]));
    const response = await editor.post(`/api/v1/deliverables/${deliverable.id}/documents`, { templateId: template.id, values: { ...prefilled, ...WRITTEN } });
    expect(response.status, await response.clone().text()).toBe(201);
    const { document } = await body<{ document: PresentedDocument }>(response);
    expect(document.title).not.toBe(template.title);
    expect(document.title).toBe(form.title);

    const full = await body<{ document: PresentedDocument }>(await editor.get(`/api/v1/documents/${document.id}`));
    expect(full.document.content.text).toContain("continue for 5 years from its date");
    const [year, month, day] = byNameOf(form).effective_date!.value.split("-").map(Number);
    const dated = new Date(Date.UTC(year!, month! - 1, day!)).toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
    expect(full.document.content.text).toContain(`This agreement is dated ${dated}.`);
    expect(full.document.content.text).toContain("Client A, a company incorporated in England and Wales");
    expect(full.document.content.text).not.toMatch(/drafting notes/i);
    expect(await docxText(document.id)).not.toMatch(/drafting notes/i);
    // The template's own Word copy keeps them: its reader is the next drafter.
    expect(await docxText(template.id)).toMatch(/drafting notes/i);
  });

  test("a date or a number that is not one is refused at its field, and nothing is written", async () => {
    const response = await editor.post(`/api/v1/deliverables/${deliverable.id}/documents`, {
      templateId: template.id,
      values: { ...WRITTEN, party_a_name: "Client A", effective_date: "next Tuesday", term_years: "three" },
    });
    expect(response.status).toBe(400);
    const error = await body<{ error: { details: { issues: { path: string; message: string }[] } } }>(response);
    expect(error.error.details.issues).toEqual([
      { path: "values.effective_date", message: "Date of agreement is a date: give it as YYYY-MM-DD." },
      { path: "values.term_years", message: "Duration in years is a number." },
    ]);
  });

  test("a drafting note written before its tone, as an info callout, stays out of a document's Word and print copies", async () => {
    const markdown = "Terms.\n\n:::info\n\nDrafting notes (delete before sending): check the cap.\n\n:::\n\n:::info\n\nA note for the reader.\n\n:::";
    const created = await editor.post("/api/v1/documents", { kind: "PRECEDENT", title: "Old precedent", markdown });
    expect(created.status, await created.clone().text()).toBe(201);
    const { id } = (await body<{ document: PresentedDocument }>(created)).document;
    const word = await docxText(id);
    expect(word).toContain("A note for the reader.");
    expect(word).not.toContain("check the cap");
    const print = await (await editor.get(`/api/v1/documents/${id}/export?format=html`)).text();
    expect(print).toContain("A note for the reader.");
    expect(print).not.toContain("check the cap");
  });
});
