// Seeds a stopped data folder for the notifications spec: an editor who owns a published
// playbook whose six-monthly review is overdue, and a viewer with nothing to be told. The
// server's start-up sweep then notifies the editor. Run with tsx (DATA_DIR set).
// The last review is moved back with Prisma: no API backdates a review.
import { loadConfigOrExit, openServicesOrExit, runMain } from "../../../scripts/cli.ts";
import { loadViewer } from "../../../server/auth/viewer.ts";
import { createLogger } from "../../../server/logger.ts";

const PASSWORD = "a long enough passphrase";
const DAY = 24 * 3600 * 1000;

async function main() {
  const config = loadConfigOrExit();
  const { db, services, close } = await openServicesOrExit(config, createLogger("warn"));
  try {
    const owner = await services.auth.upsertUser({ email: "olivia@notify.example", password: PASSWORD, role: "EDITOR", name: "Olivia Owner" });
    await services.auth.upsertUser({ email: "vera@notify.example", password: PASSWORD, role: "VIEWER", name: "Vera Viewer" });
    const viewer = await loadViewer(db.prisma, owner.user.id);
    const doc = await services.documents.create(viewer!, {
      kind: "PLAYBOOK",
      title: "Notice clauses playbook",
      markdown: "# Notice clauses\n\nNotices by email are valid only if the contract says so.",
      status: "PUBLISHED",
      reviewIntervalMonths: 6,
    });
    await db.prisma.document.update({ where: { id: doc.id }, data: { lastReviewedAt: new Date(Date.now() - 200 * DAY) } });
    console.log(JSON.stringify({ documentId: doc.id }));
  } finally {
    await services.notifications.stop();
    await close();
  }
}

runMain(main);
