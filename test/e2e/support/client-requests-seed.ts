// Seeds a stopped data folder for the client-requests spec (ADR 042): a PM (editor) and a client
// member of Northwind Retail, and an active mandate run by the PM with a 3-day service level for
// NDA reviews. Run with tsx (DATA_DIR set).
import { loadConfigOrExit, openServicesOrExit, runMain } from "../../../scripts/cli.ts";
import { loadViewer } from "../../../server/auth/viewer.ts";
import { createLogger } from "../../../server/logger.ts";

const PASSWORD = "a long enough passphrase";

async function main() {
  const config = loadConfigOrExit();
  const { db, services, close } = await openServicesOrExit(config, createLogger("warn"));
  try {
    const pm = await services.auth.upsertUser({ email: "pat@requests.example", password: PASSWORD, role: "EDITOR", name: "Pat Manager" });
    const client = await services.auth.upsertUser({
      email: "alex@northwind.example",
      password: PASSWORD,
      role: "CLIENT",
      name: "Alex Client",
      organization: { create: { name: "Northwind Retail", kind: "CLIENT" } },
    });
    const viewer = await loadViewer(db.prisma, pm.user.id);
    const { mandate } = await services.mandates.create(viewer!, {
      clientOrganizationId: client.organization!.id,
      title: "Northwind contracts",
      reference: "NW-2026-REQ",
      pricingModel: "FIXED_PER_DELIVERABLE",
      currency: "GBP",
      budget: "20,000.00",
      startDate: "2026-01-05",
      status: "ACTIVE",
      serviceLevels: [{ deliverableType: "NDA review", turnaroundBusinessDays: 3 }],
    });
    console.log(JSON.stringify({ mandateId: mandate.id }));
  } finally {
    await services.notifications.stop();
    await close();
  }
}

runMain(main);
