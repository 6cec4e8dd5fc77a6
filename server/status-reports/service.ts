import { recordAuditEvent } from "../audit/service.ts";
import { authorize, can, type Resource } from "../auth/policy.ts";
import { loadViewers, type Viewer } from "../auth/viewer.ts";
import type { Db } from "../db/database.ts";
import type { Prisma, StatusReport } from "../db/generated/client.ts";
import { conflict, forbidden, invalid, notFound } from "../errors.ts";
import { toDayKey } from "../calendars/day-numbers.ts";
import { createMandateGuards } from "../mandates/guards.ts";
import { mandateResource } from "../mandates/policy.ts";
import { isUniqueViolation } from "../mandates/rows.ts";
import { notifyOnce } from "../notifications/notify.ts";
import { parseInput } from "../validation.ts";
import { monthTitle, reportPeriod } from "./period.ts";
import { IdSchema, ReportCreateSchema, ReportReturnSchema, ReportUpdateSchema } from "./schema.ts";
import { calendarOf } from "../sla/calendar.ts";
import { REPORT_SECTIONS, assembleSection, type AssembledSection, type ReportMandate, type ReportSection } from "./sections/index.ts";
import type { ReportSnapshot } from "./snapshot.ts";
import { reportToDocx } from "./docx.ts";
import { reportToPrintHtml } from "./print-html.ts";
import { presentReport, presentReportSummary } from "./presenter.ts";
import type { AccessRecorder } from "../access-record/record.ts";

/**
 * Monthly status reports on a mandate (ADR 040): created for a month as a DRAFT, assembled live
 * from the mandate's data on every view, written (RAG, narrative) by the PM or a provider admin,
 * submitted for an internal review, approved by another of the provider's editors or sent back,
 * then released: the assembled report is frozen into `snapshot`, the client's members see it in
 * their portal and are notified. Every step asks `can()` on the report and writes an audit event
 * on the mandate. A report the viewer may not read is a 404, as its mandate would be.
 */

const MANDATE_SELECT = {
  id: true,
  title: true,
  reference: true,
  providerOrganizationId: true,
  clientOrganizationId: true,
  projectManagerId: true,
  pricingModel: true,
  currency: true,
  budgetMinor: true,
  startDate: true,
  targetDate: true,
  serviceLevels: true,
  timeZone: true,
  holidayCalendar: true,
  client: { select: { name: true } },
} as const satisfies Prisma.MandateSelect;
type MandateRow = Prisma.MandateGetPayload<{ select: typeof MANDATE_SELECT }>;

export type ReportResource = Extract<Resource, { type: "statusReport" }>;

export function reportResource(report: Pick<StatusReport, "status" | "submittedById">, mandate: Pick<MandateRow, "providerOrganizationId" | "clientOrganizationId" | "projectManagerId">): ReportResource {
  return { type: "statusReport", mandate: mandateResource(mandate), projectManagerId: mandate.projectManagerId, status: report.status, submittedById: report.submittedById };
}

function toReportMandate(m: MandateRow): ReportMandate {
  const levels = Array.isArray(m.serviceLevels) ? (m.serviceLevels as ReportMandate["serviceLevels"]) : [];
  return { ...m, ...calendarOf(m), serviceLevels: levels.map((l) => ({ deliverableType: l.deliverableType, turnaroundBusinessDays: l.turnaroundBusinessDays })) };
}

/** The report's audit event on its mandate (the mandate's activity feed, ADR 009). */
const audit = (db: Pick<Db, "auditEvent">, viewer: Viewer, mandate: MandateRow, report: { id: string; period: string }, action: string, data: Record<string, Prisma.InputJsonValue> = {}) =>
  recordAuditEvent(db, {
    organizationId: mandate.providerOrganizationId,
    actorId: viewer.id,
    action,
    targetType: "mandate",
    targetId: mandate.id,
    data: { statusReportId: report.id, period: report.period, ...data },
  });

export type StatusReportServiceDeps = {
  db: Db;
  appUrl: string;
  now?: () => Date;
  /** Downloads of a client's report are exports of client material (the access record). */
  accessRecord?: Pick<AccessRecorder, "recordExport">;
};

export function createStatusReportService({ db, appUrl, now = () => new Date(), accessRecord }: StatusReportServiceDeps) {
  const guards = createMandateGuards({ db });

  async function loadMandate(id: string) {
    return db.mandate.findUniqueOrThrow({ where: { id }, select: MANDATE_SELECT });
  }

  /** The report, its mandate and its policy resource: 404 unless the viewer may read it, 403 unless they may do `action`. */
  async function requireReport(viewer: Viewer, rawId: unknown, action: "read" | "update" | "review" | "release") {
    const id = parseInput(IdSchema, rawId);
    const report = await db.statusReport.findUnique({ where: { id } });
    if (!report) throw notFound("status_report");
    const mandate = await loadMandate(report.mandateId);
    const resource = reportResource(report, mandate);
    if (!can(viewer, "read", resource)) throw notFound("status_report");
    authorize(viewer, action, resource);
    return { report, mandate, resource };
  }

  /** Every section over the mandate's data for the period, now. */
  async function assembleSections(mandate: MandateRow, period: string): Promise<AssembledSection[]> {
    const context = { db, mandate: toReportMandate(mandate), period: reportPeriod(period), asOf: now() };
    const sections: AssembledSection[] = [];
    // Each section's figures have their own type; here they are only passed from assemble to blocks.
    for (const section of REPORT_SECTIONS) sections.push(await assembleSection(section as ReportSection<string, unknown>, context));
    return sections;
  }

  async function names(ids: (string | null)[]) {
    const wanted = [...new Set(ids.filter((id): id is string => !!id))];
    const users = await db.user.findMany({ where: { id: { in: wanted } }, select: { id: true, name: true } });
    return new Map(users.map((u) => [u.id, u.name]));
  }

  /** The report as it reads now: frozen once released, assembled live before (`releasedBy` names the releaser while it is being frozen). */
  async function snapshotOf(report: StatusReport, mandate: MandateRow, releasedBy: string | null = null): Promise<ReportSnapshot> {
    if (report.status === "RELEASED" && report.snapshot) return report.snapshot as unknown as ReportSnapshot;
    return {
      mandate: { id: mandate.id, title: mandate.title, reference: mandate.reference, clientName: mandate.client.name, currency: mandate.currency },
      period: report.period,
      periodTitle: monthTitle(report.period),
      rag: report.rag,
      ragReasons: report.ragReasons,
      wentWell: report.wentWell,
      wentBadly: report.wentBadly,
      nextSteps: report.nextSteps,
      sections: await assembleSections(mandate, report.period),
      assembledAt: now().toISOString(),
      releasedAt: report.releasedAt?.toISOString() ?? null,
      releasedBy,
    };
  }

  /** Moves a report from `from`, guarded so two people acting at once cannot both win (409 status_report_changed). */
  async function move(tx: Pick<Db, "statusReport">, report: StatusReport, from: StatusReport["status"], data: Prisma.StatusReportUpdateManyMutationInput) {
    const { count } = await tx.statusReport.updateMany({ where: { id: report.id, status: from, updatedAt: report.updatedAt }, data });
    if (count === 0) throw conflict("status_report_changed", "Someone else changed this report just now: reload it.");
  }

  const service = {
    /** The mandate's reports the viewer may read, newest month first (a client member: the released ones). */
    async list(viewer: Viewer, mandateId: unknown) {
      const m = await guards.requireMandate(viewer, mandateId, "read");
      const mandate = await loadMandate(m.id);
      const reports = await db.statusReport.findMany({ where: { mandateId: mandate.id }, orderBy: { period: "desc" } });
      const draft = reportResource({ status: "DRAFT", submittedById: null }, mandate);
      return {
        reports: reports.filter((r) => can(viewer, "read", reportResource(r, mandate))).map(presentReportSummary),
        mandate: { id: mandate.id, title: mandate.title, reference: mandate.reference, startMonth: toDayKey(mandate.startDate).slice(0, 7) },
        mayCreate: can(viewer, "create", draft),
      };
    },

    async create(viewer: Viewer, mandateId: unknown, raw: unknown) {
      const m = await guards.requireMandate(viewer, mandateId, "read");
      const mandate = await loadMandate(m.id);
      authorize(viewer, "create", reportResource({ status: "DRAFT", submittedById: null }, mandate));
      const { period } = parseInput(ReportCreateSchema, raw);
      if (period < toDayKey(mandate.startDate).slice(0, 7)) throw invalid([{ path: "period", message: "The mandate had not started by then." }]);
      if (period > toDayKey(now()).slice(0, 7)) throw invalid([{ path: "period", message: "That month has not begun: report on this month or an earlier one." }]);
      try {
        return await db.$transaction(async (tx) => {
          const report = await tx.statusReport.create({ data: { mandateId: mandate.id, period, createdById: viewer.id } });
          await audit(tx, viewer, mandate, report, "status_report.created");
          return report;
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw conflict("status_report_exists", `This mandate already has a report for ${monthTitle(period)}.`);
        throw error;
      }
    },

    /** One report as the viewer may see it: the snapshot (released) or the live assembly, with what they may do next. */
    async get(viewer: Viewer, id: unknown) {
      const { report, mandate, resource } = await requireReport(viewer, id, "read");
      const people = await names([report.submittedById, report.approvedById]);
      return presentReport({
        report,
        content: await snapshotOf(report, mandate),
        people,
        abilities: { update: can(viewer, "update", resource), review: can(viewer, "review", resource), release: can(viewer, "release", resource) },
        // Whoever may read its draft is the provider's: they see the review's trail.
        seeReview: can(viewer, "read", { ...resource, status: "DRAFT" }),
      });
    },

    /** The report as a Word file or a print page, from the same content the page shows; the export is on the access record. */
    async download(viewer: Viewer, id: unknown, format: unknown) {
      const { report, mandate } = await requireReport(viewer, id, "read");
      if (format !== "docx" && format !== "html") throw invalid([{ path: "format", message: "Choose docx or html." }]);
      const content = await snapshotOf(report, mandate);
      await accessRecord?.recordExport(viewer, { mandateId: mandate.id, clientOrganizationId: mandate.clientOrganizationId, channel: `export:status-report-${format}` });
      const filename = `status-report-${mandate.reference.replace(/[^A-Za-z0-9-]+/g, "-")}-${report.period}.${format}`;
      return format === "docx"
        ? { body: await reportToDocx(content), contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", filename }
        : { body: reportToPrintHtml(content), contentType: "text/html; charset=utf-8", filename };
    },

    async update(viewer: Viewer, id: unknown, raw: unknown) {
      const { report, mandate } = await requireReport(viewer, id, "update");
      const input = parseInput(ReportUpdateSchema, raw);
      const changed = Object.fromEntries(Object.entries(input).filter(([key, value]) => value !== undefined && value !== report[key as keyof typeof input]));
      if (!Object.keys(changed).length) return report;
      await db.$transaction(async (tx) => {
        await move(tx, report, "DRAFT", changed);
        await audit(tx, viewer, mandate, report, "status_report.updated", { fields: Object.keys(changed) });
      });
      return db.statusReport.findUniqueOrThrow({ where: { id: report.id } });
    },

    /** DRAFT → IN_REVIEW: it needs a RAG status with its reasons first. */
    async submit(viewer: Viewer, id: unknown) {
      const { report, mandate } = await requireReport(viewer, id, "update");
      const issues = [
        ...(report.rag ? [] : [{ path: "rag", message: "Set the status (red, amber or green) before the review." }]),
        ...(report.ragReasons ? [] : [{ path: "ragReasons", message: "Give the reasons for the status before the review." }]),
      ];
      if (issues.length) throw invalid(issues);
      await db.$transaction(async (tx) => {
        await move(tx, report, "DRAFT", { status: "IN_REVIEW", submittedById: viewer.id, submittedAt: now(), approvedById: null, approvedAt: null });
        await audit(tx, viewer, mandate, report, "status_report.submitted");
      });
      return db.statusReport.findUniqueOrThrow({ where: { id: report.id } });
    },

    /** The internal review's approval: another of the provider's editors or admins than the submitter (policy "review"). */
    async approve(viewer: Viewer, id: unknown) {
      const { report, mandate } = await requireReport(viewer, id, "review");
      if (report.approvedById) throw conflict("status_report_approved", "This report is already approved: it waits to be released.");
      await db.$transaction(async (tx) => {
        await move(tx, report, "IN_REVIEW", { approvedById: viewer.id, approvedAt: now() });
        await audit(tx, viewer, mandate, report, "status_report.approved");
      });
      return db.statusReport.findUniqueOrThrow({ where: { id: report.id } });
    },

    /** IN_REVIEW → DRAFT with a note: by a reviewer, or by whoever may release it (withdrawn). */
    async returnToDraft(viewer: Viewer, id: unknown, raw: unknown) {
      const { report, mandate, resource } = await requireReport(viewer, id, "read");
      if (!can(viewer, "review", resource) && !can(viewer, "release", resource)) throw forbidden();
      const { note } = parseInput(ReportReturnSchema, raw);
      await db.$transaction(async (tx) => {
        await move(tx, report, "IN_REVIEW", { status: "DRAFT", returnNote: note, approvedById: null, approvedAt: null });
        await audit(tx, viewer, mandate, report, "status_report.returned", { note });
      });
      return db.statusReport.findUniqueOrThrow({ where: { id: report.id } });
    },

    /**
     * IN_REVIEW and approved → RELEASED: the report is assembled one last time and frozen, and
     * the client's members who may read it are told (inbox and mail), in the same transaction.
     */
    async release(viewer: Viewer, id: unknown) {
      const { report, mandate } = await requireReport(viewer, id, "release");
      if (!report.approvedById) throw conflict("status_report_not_approved", "The report needs a reviewer's approval before it is released.");
      const at = now();
      const releasedReport = { ...report, status: "RELEASED" as const, releasedAt: at, releasedById: viewer.id };
      const snapshot = await snapshotOf({ ...releasedReport, snapshot: null }, mandate, viewer.name);
      const members = await db.membership.findMany({ where: { organizationId: mandate.clientOrganizationId, role: "CLIENT" }, select: { userId: true } });
      const viewers = await loadViewers(db, members.map((m) => m.userId));
      const readers = [...viewers.values()].filter((v) => can(v, "read", reportResource(releasedReport, mandate)));
      await db.$transaction(async (tx) => {
        await move(tx, report, "IN_REVIEW", { status: "RELEASED", releasedById: viewer.id, releasedAt: at, snapshot: snapshot as unknown as Prisma.InputJsonValue });
        await audit(tx, viewer, mandate, report, "status_report.released", { notified: readers.length });
        for (const reader of readers) {
          await notifyOnce(
            tx,
            {
              recipient: reader,
              kind: "STATUS_REPORT_RELEASED",
              title: `Status report for ${snapshot.periodTitle}: ${mandate.title}`,
              body: `${viewer.name} released the ${snapshot.periodTitle} status report of mandate ${mandate.reference}.`,
              link: statusReportPath(mandate.id, report.id),
              documentId: null,
              onceKey: `status-report-released:${report.id}:${reader.id}`,
            },
            appUrl,
          );
        }
      });
      return db.statusReport.findUniqueOrThrow({ where: { id: report.id } });
    },
  };
  return service;
}

export const statusReportPath = (mandateId: string, reportId: string) => `/mandates/${mandateId}/reports/${reportId}`;

export type StatusReportService = ReturnType<typeof createStatusReportService>;
