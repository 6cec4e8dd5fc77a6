// Seeds a stopped data folder for the promote-to-precedent spec: three provider staff, a
// client organisation with a mandate whose team has the requester, and one document of that
// client's material. Run with tsx (DATA_DIR set); prints the ids as JSON on its last line.
// Client material is written with Prisma after an ordinary create: no API makes it yet.
import { loadConfigOrExit, openServicesOrExit, runMain } from "../../../scripts/cli.ts";
import { loadViewer } from "../../../server/auth/viewer.ts";
import { createLogger } from "../../../server/logger.ts";

const PROMOTE_PASSWORD = "a long enough passphrase";
const PROMOTE_SOURCE = [
  "# Supply terms",
  "",
  "This agreement is dated 27 November 2026 between Acme Holdings Limited and Northwind Traders Ltd (matter NW-2026-014).",
  "",
  "The price is £12,500.00, payable within 30 days. Questions go to the general counsel, Jane Patel.",
].join("\n");

async function main() {
  const config = loadConfigOrExit();
  const { db, services, close } = await openServicesOrExit(config, createLogger("warn"));
  try {
    const user = (email: string, name: string, role: "EDITOR" | "VIEWER" | "CLIENT", organizationName?: string) =>
      services.auth.upsertUser({
        email,
        password: PROMOTE_PASSWORD,
        role,
        name,
        ...(organizationName ? { organization: { create: { name: organizationName, kind: "CLIENT" as const } } } : {}),
      });
    const requester = await user("rita@promote.example", "Rita Requester", "EDITOR");
    await user("kim@promote.example", "Kim Knowledge", "EDITOR");
    await user("otto@promote.example", "Otto Outside", "VIEWER");
    const client = await user("carla@acme.example", "Carla Client", "CLIENT", "Acme Holdings Limited");
    const mandate = await db.prisma.mandate.create({
      data: {
        providerOrganizationId: requester.organization.id,
        clientOrganizationId: client.organization.id,
        title: "Acme supply programme",
        reference: "NW-2026-014",
        pricingModel: "CAPPED",
        currency: "GBP",
        budgetMinor: 1_000_000n,
        startDate: new Date("2026-01-05T00:00:00Z"),
        members: { create: { userId: requester.user.id } },
      },
    });
    const viewer = await loadViewer(db.prisma, requester.user.id);
    const doc = await services.documents.create(viewer!, { kind: "PRECEDENT", title: "Acme supply agreement", markdown: PROMOTE_SOURCE });
    await db.prisma.document.update({
      where: { id: doc.id },
      data: { clientOrganizationId: client.organization.id, mandateId: mandate.id, confidentiality: "CLIENT_CONFIDENTIAL" },
    });
    console.log(JSON.stringify({ documentId: doc.id }));
  } finally {
    await close();
  }
}

runMain(main);
