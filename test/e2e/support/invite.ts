import { expect, type Browser, type Page } from "@playwright/test";
import type { RunningServer } from "./server.ts";

/** An editor's invitation made by the admin on /admin, accepted in a browser context of its own. */
export function inviteEditor(admin: Page, browser: Browser, server: RunningServer, email: string, name: string) {
  return invite(admin, browser, server, { email, name, role: "EDITOR" });
}

/**
 * An invitation made by the admin on /admin, accepted in a browser context of its own (`link`
 * is the invitation, used by then). A client
 * is invited into the client organisation chosen by id: `clientOrganizationId` is the value of
 * its option in the invite form's "Client organisation" select.
 */
export async function invite(
  admin: Page,
  browser: Browser,
  server: RunningServer,
  { email, name, role, clientOrganizationId }: { email: string; name: string; role: "ADMIN" | "EDITOR" | "VIEWER" | "CLIENT"; clientOrganizationId?: string },
) {
  const link = await createInvitationLink(admin, { email, role, clientOrganizationId });
  const context = await browser.newContext({ baseURL: server.url });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  await page.goto(link);
  await page.getByLabel("Your name").fill(name);
  await page.getByLabel("Password").fill("a long enough passphrase");
  await page.getByRole("button", { name: "Join and sign in" }).click();
  await expect(page).not.toHaveURL(/\/invite\//);
  return { page, errors, link, close: () => context.close() };
}

/** A new client organisation, created on /admin (Admin → Client organisations); resolves with its id. */
export async function createClientOrganization(admin: Page, name: string) {
  await admin.goto("/admin");
  const clients = admin.getByRole("region", { name: "Client organisations" });
  await clients.getByLabel("Client organisation name").fill(name);
  await clients.getByRole("button", { name: "Create client organisation" }).click();
  await expect(clients.getByRole("status")).toContainText(`Created ${name} (`);
  const slug = /\(([^)]+)\)\.$/.exec((await clients.getByRole("status").innerText()).trim())?.[1];
  const option = admin.locator("#invite-client-organization option").filter({ hasText: ` · ${slug} · ` });
  await admin.getByRole("region", { name: "Invite someone" }).getByLabel("Role", { exact: true }).selectOption("CLIENT");
  const id = await option.getAttribute("value");
  expect(id, `an option for ${name} (${slug}) in the invite form`).toBeTruthy();
  return id!;
}

/** The invitation link the admin gets on /admin (a client's into the client organisation with that id). */
export async function createInvitationLink(
  admin: Page,
  { email, role, clientOrganizationId }: { email: string; role: "ADMIN" | "EDITOR" | "VIEWER" | "CLIENT"; clientOrganizationId?: string },
) {
  await admin.goto("/admin");
  const form = admin.getByRole("region", { name: "Invite someone" });
  await form.getByLabel("Email").fill(email);
  await form.getByLabel("Role", { exact: true }).selectOption(role);
  if (clientOrganizationId) await form.getByLabel("Client organisation", { exact: true }).selectOption(clientOrganizationId);
  await form.getByRole("button", { name: "Create invitation link" }).click();
  return admin.getByRole("textbox", { name: `Invitation for ${email}` }).inputValue();
}
