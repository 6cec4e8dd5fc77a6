import { expect } from "vitest";
import type { Db } from "../../server/db/database.ts";
import type { Client } from "./http.ts";

/**
 * Time that costs something, for tests of features that read effort and cost (ADR 039): the
 * person gets a job title, and their provider an open-ended rate card for it in each currency
 * (minor units an hour). Rate cards themselves are tested through their API in
 * test/integration/effort-api.test.ts; elsewhere they are set up here, in the database.
 */
export async function priceTimeOf(prisma: Db, userId: string, hourlyRates: Record<string, number>, role = "Associate") {
  const membership = await prisma.membership.findFirstOrThrow({ where: { userId, role: { not: "CLIENT" } }, include: { organization: true } });
  expect(membership.organization.kind).toBe("PROVIDER");
  await prisma.membership.update({ where: { id: membership.id }, data: { title: role } });
  for (const [currency, rate] of Object.entries(hourlyRates)) {
    await prisma.rateCard.create({
      data: { organizationId: membership.organizationId, role, roleKey: role.toLowerCase(), currency, hourlyRateMinor: BigInt(rate), validFrom: new Date("2000-01-01T00:00:00Z"), updatedAt: new Date() },
    });
  }
}

/** The signed-in person's own time on a deliverable, through the API (today unless a day is given). */
export async function enterTime(client: Client, deliverableId: string, minutes: number, date = new Date().toISOString().slice(0, 10)) {
  const response = await client.post(`/api/v1/deliverables/${deliverableId}/time-entries`, { date, minutes, taskCode: "drafting" });
  expect(response.status, await response.clone().text()).toBe(201);
}
