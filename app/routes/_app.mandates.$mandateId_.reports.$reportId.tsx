import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { SelectField, TextareaField, formError } from "~/components/documents/fields";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormError } from "~/components/form-field";
import { RagBadge, ReportStatusBadge } from "~/components/status-reports/badges";
import { ReportBlocks } from "~/components/status-reports/report-blocks";
import { actionError, unknownIntent } from "~/utils/action-error.server";
import { errorResponse, requireViewer } from "~/utils/auth.server";
import { formatDate } from "~/utils/format";
import chartsStylesHref from "~/styles/charts.css?url";
import mandatesStylesHref from "~/styles/mandates.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: mandatesStylesHref },
  { rel: "stylesheet", href: chartsStylesHref },
];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Status report ${data?.report.periodTitle ?? ""} · ${data?.report.content.mandate.title ?? "Mandate"} · Precedent` }];

/**
 * One monthly status report (ADR 040). A draft is assembled from the mandate's data on every
 * view and written here by the PM (RAG with reasons, the narrative; Ctrl+S saves), submitted for
 * review, approved or sent back by another of the team's editors, then released: frozen, and
 * shown to the client's members. Word and print downloads carry its charts.
 */
export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const viewer = requireViewer(context, request);
  try {
    const report = await context.services.statusReports.get(viewer, params.reportId);
    if (report.mandateId !== params.mandateId) throw new Response("Not found", { status: 404 });
    return { report };
  } catch (error) {
    if (error instanceof Response) throw error;
    errorResponse(error);
  }
}

export async function action({ context, request, params }: ActionFunctionArgs) {
  const viewer = requireViewer(context, request);
  const reports = context.services.statusReports;
  const form = await request.formData();
  const text = (name: string) => String(form.get(name) ?? "");
  const intent = text("intent");
  const done = (message: string) => ({ ok: true as const, intent, message });
  try {
    switch (intent) {
      case "save":
        await reports.update(viewer, params.reportId, { rag: text("rag"), ragReasons: text("ragReasons"), wentWell: text("wentWell"), wentBadly: text("wentBadly"), nextSteps: text("nextSteps") });
        return done("Report saved.");
      case "submit":
        await reports.submit(viewer, params.reportId);
        return done("Submitted for review.");
      case "approve":
        await reports.approve(viewer, params.reportId);
        return done("Approved: it can be released.");
      case "return":
        await reports.returnToDraft(viewer, params.reportId, { note: text("note") });
        return done("Sent back to draft.");
      case "release":
        await reports.release(viewer, params.reportId);
        return done("Released to the client: their members were notified.");
      default:
        return unknownIntent();
    }
  } catch (error) {
    return actionError(error);
  }
}

const NARRATIVE = [
  { name: "ragReasons", label: "Reasons for the status" },
  { name: "wentWell", label: "What went well" },
  { name: "wentBadly", label: "What did not go well" },
  { name: "nextSteps", label: "Next steps" },
] as const;

export default function StatusReportPage() {
  const { report } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" ? String(navigation.formData?.get("intent") ?? "") : "";
  const errors = result && !result.ok ? result.errors : undefined;
  const { content, abilities, review } = report;
  const saveForm = useRef<HTMLFormElement>(null);

  // Ctrl+S / Cmd+S saves the draft while it can be edited.
  useEffect(() => {
    if (!abilities.update) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key.toLowerCase() !== "s" || !(event.ctrlKey || event.metaKey) || !saveForm.current) return;
      event.preventDefault();
      saveForm.current.requestSubmit();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [abilities.update]);

  const exportHref = (format: "docx" | "html") => `/api/v1/status-reports/${report.id}/export?format=${format}`;
  return (
    <div className="status-report">
      <p className="breadcrumb">
        <Link to="/mandates">Mandates</Link> › <Link to={`/mandates/${content.mandate.id}`}>{content.mandate.reference}</Link> ›{" "}
        <Link to={`/mandates/${content.mandate.id}/reports`}>Status reports</Link>
      </p>
      <h1>Status report: {report.periodTitle}</h1>
      <div className="document-meta-line">
        <ReportStatusBadge status={report.status} />
        <RagBadge rag={content.rag} />
        <span className="hint">
          {content.mandate.title} · {content.mandate.clientName} ·{" "}
          {content.releasedAt ? `released ${formatDate(content.releasedAt)}${content.releasedBy ? ` by ${content.releasedBy}` : ""}` : `figures as at ${formatDate(content.assembledAt)}, assembled live until it is released`}
        </span>
        <a className="button small" href={exportHref("docx")} download>
          Word (.docx)
        </a>
        <a className="button small" href={exportHref("html")} target="_blank" rel="noreferrer">
          Print / PDF
        </a>
      </div>
      <div className="sr-status" role="status" aria-live="polite">
        {result?.ok ? <p className="notice">{result.message}</p> : null}
      </div>
      <FormError error={formError(errors, ["rag", ...NARRATIVE.map((n) => n.name), "note"])} />
      {review?.returnNote && report.status === "DRAFT" ? <p className="notice warning">Sent back by the reviewer: {review.returnNote}</p> : null}
      {review && report.status === "IN_REVIEW" ? (
        <p className="hint">
          Submitted by {review.submittedBy?.name ?? "someone"}
          {review.approvedBy ? `; approved by ${review.approvedBy.name}, ready to release.` : "; waiting for a reviewer's approval."}
        </p>
      ) : null}

      {abilities.update ? (
        <Form method="post" ref={saveForm} className="card" aria-label="Status and narrative" noValidate>
          <input type="hidden" name="intent" value="save" />
          <SelectField
            label="Status (RAG)"
            name="rag"
            defaultValue={report.rag ?? ""}
            error={errors?.fieldErrors?.rag}
            options={[{ value: "", label: "Not set" }, { value: "GREEN", label: "Green: on track" }, { value: "AMBER", label: "Amber: at risk" }, { value: "RED", label: "Red: off track" }]}
          />
          {NARRATIVE.map((n) => (
            <TextareaField key={n.name} label={n.label} name={n.name} defaultValue={content[n.name]} rows={3} maxLength={5000} error={errors?.fieldErrors?.[n.name]} />
          ))}
          <p className="actions">
            <button type="submit" className="button primary" disabled={busy === "save"}>
              {busy === "save" ? "Saving…" : "Save"}
            </button>{" "}
            <span className="hint">Ctrl+S</span>
          </p>
        </Form>
      ) : (
        <section className="card" aria-label="Status and narrative">
          {NARRATIVE.map((n) => (
            <div key={n.name}>
              <h2>{n.label}</h2>
              <p className="report-narrative">{content[n.name] || "—"}</p>
            </div>
          ))}
        </section>
      )}

      <div className="transition-buttons">
        {abilities.update ? <StepButton intent="submit" busy={busy} label="Submit for review" /> : null}
        {abilities.review && !review?.approvedBy ? <StepButton intent="approve" busy={busy} label="Approve" /> : null}
        {abilities.release && review?.approvedBy ? <StepButton intent="release" busy={busy} label="Release to the client" primary /> : null}
      </div>
      {(abilities.review || abilities.release) && report.status === "IN_REVIEW" ? (
        <Form method="post" className="inline-form" noValidate>
          <input type="hidden" name="intent" value="return" />
          <TextareaField label="What needs changing" name="note" rows={2} maxLength={5000} error={errors?.fieldErrors?.note} />
          <button type="submit" className="button" disabled={busy === "return"}>
            Send back to draft
          </button>
        </Form>
      ) : null}

      {content.sections.map((section) => (
        <section key={section.key} className="card" aria-labelledby={`section-${section.key}`}>
          <h2 id={`section-${section.key}`}>{section.title}</h2>
          <ReportBlocks blocks={section.blocks} />
        </section>
      ))}
    </div>
  );
}

function StepButton({ intent, label, busy, primary }: { intent: string; label: string; busy: string; primary?: boolean }) {
  return (
    <Form method="post">
      <input type="hidden" name="intent" value={intent} />
      <button type="submit" className={`button${primary ? " primary" : ""}`} disabled={busy === intent}>
        {label}
      </button>
    </Form>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
