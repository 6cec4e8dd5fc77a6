// Every page of the app, with data in it: one seeding (through the JSON API and the admin's
// pages) and the list of routes it makes visitable, for the spec that walks the whole app
// (accessibility.spec.ts: no sideways scrolling, axe-core). Each route says who opens it (the
// admin, a client user, or someone signed out) and what shows it is ready.
import { expect, type Browser, type Page } from "@playwright/test";
import type { RunningServer } from "./server.ts";
import { createClientOrganization, createInvitationLink, invite } from "./invite.ts";
import { signInAsAdmin } from "./sign-in.ts";
import { apiAs } from "./api.ts";

export type Visitor = "admin" | "client" | "signedOut";

export type AppRoute = {
  /** What the page is, for failure messages and screenshot names. */
  name: string;
  path: string;
  as: Visitor;
  /** The answer's status, when it is not 200. */
  status?: number;
  /** Waits for what the page loads after its first paint (the editor, say). */
  ready?: (page: Page) => Promise<void>;
};

export type EveryRoute = {
  routes: AppRoute[];
  pages: Record<Visitor, Page>;
  /** Uncaught errors in any of the pages. */
  errors: string[];
  close(): Promise<void>;
};

const CLIENT_NAME = "Northwind Retail International Holdings";

/** The collaborative editor has connected and shows the document. */
const editorReady = async (page: Page) => {
  await expect(page.locator(".ProseMirror").first()).toBeVisible();
};

/**
 * Seeds one server with what every page needs to have something to show, and signs in the
 * admin, a client user (in a context of their own) and a signed-out visitor. Long titles and a
 * long body: what makes pages wide.
 */
export async function seedEveryRoute(browser: Browser, server: RunningServer): Promise<EveryRoute> {
  const errors: string[] = [];
  const contexts: Awaited<ReturnType<Browser["newContext"]>>[] = [];
  const newPage = async () => {
    const context = await browser.newContext({ baseURL: server.url });
    contexts.push(context);
    const page = await context.newPage();
    page.on("pageerror", (error) => errors.push(`${page.url()}: ${error.message}`));
    return page;
  };
  const close = async () => {
    for (const context of contexts) await context.close();
  };

  try {
    const admin = await newPage();
    const api = apiAs(admin, server);
    await signInAsAdmin(admin, server);
    const clientId = await createClientOrganization(admin, CLIENT_NAME);

    const body = Array.from({ length: 30 }, (_, i) => `## Clause ${i + 1}: limitation of liability and indemnities\n\nThe supplier shall indemnify the customer against all losses arising from a breach of clause ${i + 1}.`).join("\n\n");
    const { document: longPlaybook } = await api.post<{ document: { id: string } }>("/api/v1/documents", {
      kind: "PLAYBOOK",
      title: "SaaS contract review playbook for enterprise customers (England and Wales)",
      status: "PUBLISHED",
      markdown: body,
    });
    // A saved version, so the versions page has a table, the compare form and a redline.
    const { version } = await api.post<{ version: { id: string } }>(`/api/v1/documents/${longPlaybook.id}/versions`, { name: "Sent to the client's legal team for comments" });
    // The starter library (imported just after the first start): a playbook with clause positions, a toolkit, a template.
    const clausePlaybook = await api.starterDocument("PLAYBOOK", "NDA negotiation playbook: England and Wales");
    const toolkit = await api.starterDocument("TOOLKIT", "NDA review toolkit");
    const template = await api.starterDocument("TEMPLATE", "Deliverable cover memo");

    const { mandate } = await api.post<{ mandate: { id: string } }>("/api/v1/mandates", {
      clientOrganizationId: clientId,
      title: "Northwind supplier onboarding and contract review programme 2026",
      reference: "NW-2026-014",
      pricingModel: "CAPPED",
      currency: "EUR",
      budget: "10,000",
      startDate: "2026-01-05",
      status: "ACTIVE",
    });
    const { deliverables } = await api.post<{ deliverables: { id: string }[] }>(`/api/v1/mandates/${mandate.id}/deliverables`, {
      title: "Review of the master services agreement with Contoso",
      type: "REVIEW",
      dueDate: "2026-02-01",
      fee: "1,500",
    });

    // The NDA playbook on the mandate: the outcomes page lists its positions, the dashboard ranks it.
    await api.post(`/api/v1/mandates/${mandate.id}/resources`, { documentId: clausePlaybook });
    // The mandate's log and a draft status report (ADR 040): the log's table and form, the report's sections and charts.
    await api.post(`/api/v1/mandates/${mandate.id}/log`, { kind: "RISK", title: "Contoso's counsel is slow to reply", raisedOn: "2026-11-02" });
    const { report } = await api.post<{ report: { id: string } }>(`/api/v1/mandates/${mandate.id}/status-reports`, { period: "2026-11" });

    // The client's material (the admin made the mandate, so is on its team): one to promote, one already waiting for approval.
    const clientMaterial = (title: string) =>
      api.post<{ document: { id: string } }>("/api/v1/documents", {
        kind: "PRECEDENT",
        title,
        mandateId: mandate.id,
        confidentiality: "CLIENT_CONFIDENTIAL",
        markdown: `# ${title}\n\nThis agreement is between ${CLIENT_NAME} and Contoso Ltd (matter NW-2026-014). The price is £12,500.00, payable within 30 days.`,
      });
    const { document: toPromote } = await clientMaterial("Supply agreement with Contoso");
    const { document: promoted } = await clientMaterial("Distribution agreement with Contoso");
    const { preview } = await api.get<{ preview: { terms: { term: string }[] } }>(`/api/v1/documents/${promoted.id}/promotion-preview`);
    const { promotion } = await api.post<{ promotion: { id: string } }>(`/api/v1/documents/${promoted.id}/promotions`, {
      title: "Distribution agreement precedent",
      replacements: preview.terms.map(({ term }) => ({ term, replacement: "[Party]" })),
    });

    // What the client reads: a shared, published document.
    await api.post("/api/v1/documents", {
      kind: "PRECEDENT",
      title: "Supplier onboarding checklist shared with Northwind's legal team",
      status: "PUBLISHED",
      visibility: "SHARED",
      sharedWithOrganizationIds: [clientId],
      markdown: "Check the supplier's insurance certificates before signing.",
    });

    // The trash with a document in it: its table has a form in every row.
    const { document: deleted } = await api.post<{ document: { id: string } }>("/api/v1/documents", {
      kind: "PRECEDENT",
      title: "Superseded limitation of liability clause for the Contoso master services agreement",
      markdown: "Body.",
    });
    await api.delete(`/api/v1/documents/${deleted.id}`);

    // A client user, joined through their invitation (whose link then says it was used), and a second invitation still open.
    const client = await invite(admin, browser, server, { email: "gc@northwind.example", name: "Grace Counsel", role: "CLIENT", clientOrganizationId: clientId });
    contexts.push(client.page.context());
    client.page.on("pageerror", (error) => errors.push(`${client.page.url()}: ${error.message}`));
    const openInvitation = await createInvitationLink(admin, { email: "legal@northwind.example", role: "CLIENT", clientOrganizationId: clientId });
    const signedOut = await newPage();

    const routes: AppRoute[] = [
      { name: "library", path: "/library", as: "admin" },
      { name: "new document", path: "/library/new", as: "admin" },
      { name: "library import", path: "/library/import", as: "admin" },
      { name: "document: playbook with clauses", path: `/documents/${clausePlaybook}`, as: "admin", ready: editorReady },
      { name: "document: long playbook", path: `/documents/${longPlaybook.id}`, as: "admin", ready: editorReady },
      { name: "document: toolkit", path: `/documents/${toolkit}`, as: "admin", ready: editorReady },
      { name: "document: template", path: `/documents/${template}`, as: "admin", ready: editorReady },
      { name: "versions, compared", path: `/documents/${longPlaybook.id}/versions?from=${version.id}&to=current`, as: "admin" },
      { name: "promote to precedent", path: `/documents/${toPromote.id}/promote`, as: "admin" },
      { name: "promotion", path: `/promotions/${promotion.id}`, as: "admin" },
      { name: "mandates", path: "/mandates", as: "admin" },
      { name: "new mandate", path: "/mandates/new", as: "admin" },
      { name: "mandate", path: `/mandates/${mandate.id}`, as: "admin" },
      {
        name: "generate a deliverable",
        path: `/mandates/${mandate.id}/deliverables/${deliverables[0]!.id}/generate?templateId=${template}`,
        as: "admin",
      },
      { name: "deliverable outcomes", path: `/mandates/${mandate.id}/deliverables/${deliverables[0]!.id}/outcomes`, as: "admin" },
      { name: "mandate status reports", path: `/mandates/${mandate.id}/reports`, as: "admin" },
      { name: "status report", path: `/mandates/${mandate.id}/reports/${report.id}`, as: "admin" },
      { name: "deliverable time", path: `/mandates/${mandate.id}/deliverables/${deliverables[0]!.id}/time`, as: "admin" },
      { name: "rate cards", path: "/settings/rate-cards", as: "admin" },
      { name: "dashboard", path: "/dashboard", as: "admin" },
      { name: "reviews", path: "/reviews", as: "admin" },
      { name: "notifications", path: "/notifications", as: "admin" },
      { name: "trash", path: "/trash", as: "admin" },
      { name: "search with results", path: "/search?q=indemnify", as: "admin" },
      { name: "search with none", path: "/search?q=zzyzx", as: "admin" },
      { name: "API tokens and sessions", path: "/settings/tokens", as: "admin" },
      { name: "Account", path: "/settings/account", as: "admin" },
      { name: "admin", path: "/admin", as: "admin" },
      { name: "client access", path: `/clients/${clientId}/access`, as: "admin" },
      { name: "not found in the shell", path: "/no/such/page", as: "admin", status: 404 },
      { name: "client: library", path: "/library", as: "client" },
      { name: "client: mandate", path: `/mandates/${mandate.id}`, as: "client" },
      { name: "client: deliverable outcomes", path: `/mandates/${mandate.id}/deliverables/${deliverables[0]!.id}/outcomes`, as: "client" },
      { name: "client: mandate status reports", path: `/mandates/${mandate.id}/reports`, as: "client" },
      { name: "client: dashboard", path: "/dashboard", as: "client" },
      { name: "sign in", path: "/login", as: "signedOut" },
      { name: "invitation", path: new URL(openInvitation).pathname, as: "signedOut" },
      { name: "invitation used", path: new URL(client.link).pathname, as: "signedOut", status: 410 },
    ];
    return { routes, pages: { admin, client: client.page, signedOut }, errors, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Opens `route` in its visitor's page and waits until it is there: its status, its heading, and what `ready` waits for. */
export async function visit(pages: Record<Visitor, Page>, route: AppRoute): Promise<Page> {
  const page = pages[route.as];
  const response = await page.goto(route.path);
  expect(response?.status(), `${route.name} (${route.path}) answers ${route.status ?? 200}`).toBe(route.status ?? 200);
  await expect(page.locator("main h1").first()).toBeVisible();
  await route.ready?.(page);
  return page;
}
