import { recordAuditEvent } from "../audit/service.ts";
import type { Viewer } from "../auth/viewer.ts";
import type { Db } from "../db/database.ts";
import { notFound } from "../errors.ts";
import type { Logger } from "../logger.ts";
import { accessReportProviderIds } from "./policy.ts";
import { resolveReportQuery, type AccessReportFormat } from "./range.ts";
import { createAccessRecorder, type AccessRecorder } from "./record.ts";
import { buildAccessReport, type AccessReport } from "./report.ts";

const CLIENT_ID = /^[A-Za-z0-9_-]{1,64}$/;

export type AccessRecordServiceDeps = {
  db: Db;
  logger: Logger;
  /** The clock for recorded times and the report's default period (tests move it). */
  now?: () => Date;
};

/**
 * The access record: every read path of client material calls `recordRead` / `recordExport`
 * (cheap, never throws); the provider's admins read it back as a client's access report, and
 * each view of a report is itself audited ("access_report.viewed").
 */
export function createAccessRecordService({ db, logger, now = () => new Date() }: AccessRecordServiceDeps) {
  const recorder: AccessRecorder = createAccessRecorder({ db, logger, now });
  return {
    ...recorder,

    /**
     * A client's access report for `?from=&to=` (default: the last 30 days), for a provider admin
     * not walled off from the client; 404 for anyone else and for an unknown or non-client id,
     * 400 for a bad period. The view is audited on the admin's provider organisation.
     */
    async report(viewer: Viewer, clientId: unknown, query: unknown): Promise<{ report: AccessReport; format: AccessReportFormat }> {
      // Ids are cuids: anything else (a NUL byte, a path) is no client, without asking the database.
      const id = typeof clientId === "string" && CLIENT_ID.test(clientId) ? clientId : null;
      const providerIds = id ? accessReportProviderIds(viewer, id) : [];
      if (!id || providerIds.length === 0) throw notFound("client");
      const client = await db.organization.findUnique({ where: { id }, select: { id: true, name: true, kind: true } });
      if (!client || client.kind !== "CLIENT") throw notFound("client");
      const at = now();
      const { range, format } = resolveReportQuery(query, at);
      const report = await buildAccessReport(db, { client: { id: client.id, name: client.name }, providerIds, range, now: at });
      await recordAuditEvent(db, {
        organizationId: providerIds[0]!,
        actorId: viewer.id,
        action: "access_report.viewed",
        targetType: "organization",
        targetId: client.id,
        data: { clientName: client.name, from: range.from, to: range.to, format },
      });
      return { report, format };
    },
  };
}

export type AccessRecordService = ReturnType<typeof createAccessRecordService>;
