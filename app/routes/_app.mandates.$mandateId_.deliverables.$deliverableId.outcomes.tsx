import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useFetcher, useLoaderData } from "@remix-run/react";
import { useEffect, useId, useState } from "react";
import type { PresentedChecklist, PresentedPosition } from "../../server/outcomes/presenter.ts";
import { SelectField, TextareaField, formError } from "~/components/documents/fields";
import { EmptyState } from "~/components/empty-state";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormError, FormField } from "~/components/form-field";
import { showsForPerspective } from "~/editor/clause-position";
import { actionError, unknownIntent } from "~/utils/action-error.server";
import { errorResponse, requireViewer } from "~/utils/auth.server";
import libraryStylesHref from "~/styles/library.css?url";
import mandatesStylesHref from "~/styles/mandates.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: libraryStylesHref },
  { rel: "stylesheet", href: mandatesStylesHref },
];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Outcomes of “${data?.deliverable.title ?? "deliverable"}” · Precedent` }];

/**
 * A deliverable's negotiation outcomes (ADR 036): per playbook linked to its mandate, what was
 * agreed on each position, and the approvals the playbook asks for. The team's editors record;
 * the client's members read (and approve where they hold a client role).
 */
export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const viewer = requireViewer(context, request);
  try {
    const checklist = context.present.outcomeChecklist(await context.services.outcomes.checklist(viewer, params.deliverableId), viewer);
    if (checklist.mandate.id !== params.mandateId) throw new Response("Not found", { status: 404 });
    return checklist;
  } catch (error) {
    if (error instanceof Response) throw error;
    errorResponse(error);
  }
}

type Issue = { path: string; message: string };

export async function action({ context, request, params }: ActionFunctionArgs) {
  const viewer = requireViewer(context, request);
  const form = await request.formData();
  const text = (name: string) => String(form.get(name) ?? "");
  const outcomes = context.services.outcomes;
  try {
    if (text("intent") === "decide") {
      await outcomes.decide(viewer, params.deliverableId, { documentId: text("documentId"), clauseId: text("clauseId"), decision: text("decision"), reason: text("reason") });
      return { ok: true as const, message: text("decision") === "approve" ? "Approved." : "Declined." };
    }
    if (text("intent") !== "save") return unknownIntent();
    // Each position shown sends its outcome (a radio: "FALLBACK:2" for the second fallback), note and final wording.
    const clauseIds = form.getAll("clauseId").map(String);
    const entries: Array<{ clauseId: string; outcome: string; fallbackIndex?: number; note: string; finalWording: string }> = [];
    const unchosen: Issue[] = [];
    for (const clauseId of clauseIds) {
      const [outcome = "", index] = text(`outcome:${clauseId}`).split(":");
      const note = text(`note:${clauseId}`);
      const finalWording = text(`wording:${clauseId}`);
      if (!outcome) {
        if (note.trim() || finalWording.trim()) unchosen.push({ path: `${clauseId}.outcome`, message: "Choose an outcome to save the note and wording with." });
        continue;
      }
      entries.push({ clauseId, outcome, ...(index ? { fallbackIndex: Number(index) } : {}), note, finalWording });
    }
    if (unchosen.length) return actionError({ status: 422, code: "invalid_outcomes", message: "", expose: true, details: { issues: unchosen } });
    try {
      await outcomes.record(viewer, params.deliverableId, { documentId: text("documentId"), perspective: text("perspective"), counterparty: text("counterparty"), outcomes: entries });
    } catch (error) {
      // The service names entries by their place in the list; the form names fields by clause.
      const issues = (error as { details?: { issues?: Issue[] } }).details?.issues;
      for (const issue of issues ?? []) {
        const [, i, field] = /^outcomes\.(\d+)\.(\w+)/.exec(issue.path) ?? [];
        const clauseId = i !== undefined ? entries[Number(i)]?.clauseId : undefined;
        if (clauseId) issue.path = `${clauseId}.${field === "note" || field === "finalWording" ? field : "outcome"}`;
      }
      throw error;
    }
    return { ok: true as const, message: "Outcomes saved." };
  } catch (error) {
    return actionError(error);
  }
}

type Result = { ok: true; message: string } | { ok: false; errors: { formError?: string; fieldErrors?: Record<string, string> } };
type Playbook = PresentedChecklist["playbooks"][number];
type Approval = NonNullable<NonNullable<PresentedPosition["outcome"]>["approval"]>;

const errorsOf = (result: Result | undefined) => (result && !result.ok ? result.errors : undefined);

export default function DeliverableOutcomes() {
  const checklist = useLoaderData<typeof loader>();
  const { mandate, deliverable, playbooks, abilities, locked } = checklist;

  // Ctrl+S / Cmd+S saves the playbook being worked on (the one holding focus, else the first).
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key.toLowerCase() !== "s" || !(event.ctrlKey || event.metaKey)) return;
      const active = document.activeElement instanceof HTMLElement ? document.activeElement.closest<HTMLFormElement>("form[data-outcomes-form]") : null;
      const form = active ?? document.querySelector<HTMLFormElement>("form[data-outcomes-form]");
      if (!form) return;
      event.preventDefault();
      form.requestSubmit();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  return (
    <>
      <p className="breadcrumb">
        <Link to="/mandates">Mandates</Link> › <Link to={`/mandates/${mandate.id}`}>{mandate.reference}</Link>
      </p>
      <h1>Outcomes of “{deliverable.title}”</h1>
      <p className="hint">
        For {mandate.client.name}, mandate {mandate.reference} ({mandate.title}). What was agreed on each position of the mandate's playbooks
        {abilities.record ? ", and the approvals they ask for." : "."}
      </p>
      {locked ? (
        <p className="notice warning" role="status">
          This deliverable was delivered: its outcomes are on the record and no longer change.
        </p>
      ) : null}
      {playbooks.length === 0 ? (
        <EmptyState title="No playbook">
          {abilities.record ? (
            <p>
              No playbook is linked to this mandate: link one from the <Link to={`/mandates/${mandate.id}`}>mandate's resources</Link>.
            </p>
          ) : (
            <p>No playbook you can read is linked to this mandate.</p>
          )}
        </EmptyState>
      ) : (
        playbooks.map((p) => <PlaybookOutcomes key={p.document.id} playbook={p} editable={abilities.record} />)
      )}
    </>
  );
}

function PlaybookOutcomes({ playbook, editable }: { playbook: Playbook; editable: boolean }) {
  const fetcher = useFetcher<Result>();
  const result = fetcher.state === "idle" ? fetcher.data : undefined;
  const errors = errorsOf(result);
  const [perspective, setPerspective] = useState(playbook.perspective);
  const titleId = useId();
  const saving = fetcher.state !== "idle";
  const shown = playbook.positions.filter((p) => showsForPerspective(p.perspective, perspective));
  const fieldErrors = errors?.fieldErrors ?? {};
  const shownFields = ["perspective", "counterparty", ...shown.map((p) => p.clauseId)];
  return (
    <section className="card outcome-playbook" aria-labelledby={titleId}>
      <h2 id={titleId}>
        <Link to={`/documents/${playbook.document.id}`}>{playbook.document.title}</Link>
      </h2>
      <p className="hint">{playbook.version ? `Positions of version ${playbook.version.number}, the version linked to the mandate.` : "Positions of the current draft: no version was published when it was linked."}</p>
      <fetcher.Form method="post" data-outcomes-form="" aria-labelledby={titleId} noValidate>
        <input type="hidden" name="intent" value="save" />
        <input type="hidden" name="documentId" value={playbook.document.id} />
        <FormError error={formError(errors, shownFields)} />
        <div className="outcome-playbook__fields">
          {playbook.perspectives.length ? (
            <SelectField
              label="Perspective"
              name="perspective"
              value={perspective}
              onChange={(event) => setPerspective(event.currentTarget.value)}
              hint="The side you negotiate for: its positions and those for any side are shown."
              error={fieldErrors.perspective}
              options={[{ value: "", label: "All perspectives" }, ...playbook.perspectives.map((v) => ({ value: v, label: v }))]}
            />
          ) : (
            <input type="hidden" name="perspective" value="" />
          )}
          <FormField label="Counterparty" name="counterparty" defaultValue={playbook.counterparty} maxLength={200} disabled={!editable} error={fieldErrors.counterparty} />
        </div>
        {shown.length === 0 ? <p className="hint">This playbook has no positions for this perspective.</p> : null}
        {shown.map((position) => (
          <PositionOutcome key={position.clauseId} documentId={playbook.document.id} position={position} editable={editable} errors={fieldErrors} />
        ))}
        {editable ? (
          <p className="actions">
            <button type="submit" className="button primary" disabled={saving}>
              {saving ? "Saving…" : "Save outcomes"}
            </button>{" "}
            <span className="hint">Ctrl+S</span>
          </p>
        ) : null}
        <p className="visually-hidden" role="status">
          {result?.ok ? result.message : ""}
        </p>
      </fetcher.Form>
      {shown.flatMap((p) => (p.outcome?.approval?.viewerMayDecide ? [<ApprovalForm key={p.clauseId} documentId={playbook.document.id} position={p} />] : []))}
    </section>
  );
}

const OUTCOME_LABEL = { PREFERRED: "Preferred held", GREY_ZONE: "Grey zone", RED_LINE: "Red line accepted", NOT_APPLICABLE: "Not applicable" } as const;

/** One position: its outcome as a labelled radio group, a note and the final wording, then its approval. */
function PositionOutcome({ documentId, position: p, editable, errors }: { documentId: string; position: PresentedPosition; editable: boolean; errors: Record<string, string> }) {
  const ids = useId();
  const current = p.outcome ? (p.outcome.outcome === "FALLBACK" ? `FALLBACK:${p.outcome.fallbackIndex}` : p.outcome.outcome) : "";
  const choices = [
    { value: "PREFERRED", label: OUTCOME_LABEL.PREFERRED, detail: p.preferred },
    ...p.fallbacks.map((f) => ({ value: `FALLBACK:${f.index}`, label: `Fallback ${f.index}: ${f.text}`, detail: f.approver ? `Approver: ${f.approver}` : "" })),
    { value: "GREY_ZONE", label: OUTCOME_LABEL.GREY_ZONE, detail: [p.greyzone.text, p.greyzone.approver ? `Approver: ${p.greyzone.approver}` : ""].filter(Boolean).join(" · ") },
    { value: "RED_LINE", label: OUTCOME_LABEL.RED_LINE, detail: [p.redline.text, p.redline.approver ? `Approver: ${p.redline.approver}` : ""].filter(Boolean).join(" · ") },
    { value: "NOT_APPLICABLE", label: OUTCOME_LABEL.NOT_APPLICABLE, detail: "" },
  ];
  const outcomeError = errors[`${p.clauseId}.outcome`] ?? errors[`${p.clauseId}.clauseId`] ?? errors[`${p.clauseId}.fallbackIndex`];
  return (
    <div className="outcome-position" id={`clause-${p.clauseId}`}>
      <input type="hidden" name="clauseId" value={p.clauseId} />
      <fieldset className="outcome-position__fields" disabled={!editable}>
        <legend>
          {p.name || "Untitled clause"}
          {p.required ? <span className="badge outcome-required">Required</span> : null}
        </legend>
        <div role="radiogroup" aria-label={`Outcome for ${p.name || "this clause"}`} aria-invalid={outcomeError ? true : undefined} aria-describedby={outcomeError ? `${ids}-error` : undefined}>
          {choices.map((c) => (
            <div className="outcome-choice" key={c.value}>
              <label className="choice">
                <input type="radio" name={`outcome:${p.clauseId}`} value={c.value} defaultChecked={current === c.value} aria-describedby={c.detail ? `${ids}-${c.value}` : undefined} /> {c.label}
              </label>
              {/* The part's text and approver describe the choice; its name stays short. */}
              {c.detail ? (
                <p id={`${ids}-${c.value}`} className="document-summary">
                  {c.detail}
                </p>
              ) : null}
            </div>
          ))}
        </div>
        {outcomeError ? (
          <p id={`${ids}-error`} className="field-error" role="alert">
            {outcomeError}
          </p>
        ) : null}
        <TextareaField label="Note" name={`note:${p.clauseId}`} defaultValue={p.outcome?.note ?? ""} rows={2} maxLength={2000} error={errors[`${p.clauseId}.note`]} />
        <TextareaField label="Final wording" name={`wording:${p.clauseId}`} defaultValue={p.outcome?.finalWording ?? ""} rows={3} error={errors[`${p.clauseId}.finalWording`]} />
      </fieldset>
      {p.outcome?.approval ? <ApprovalStatus approval={p.outcome.approval} /> : null}
      {p.outcome?.approval?.viewerMayDecide ? <ApprovalButtons documentId={documentId} position={p} /> : null}
    </div>
  );
}

function approvalText(a: Approval): string {
  const by = a.decidedBy ? `${a.decidedBy.name}${a.onBehalf ? ` (an admin, for the ${a.role})` : ""}` : "";
  if (a.status === "PENDING") return `Awaiting ${a.role}`;
  if (a.status === "APPROVED") return `Approved by ${by}`;
  return `Declined by ${by}: ${a.reason}`;
}

function ApprovalStatus({ approval }: { approval: Approval }) {
  return (
    <div className={`outcome-approval outcome-approval--${approval.status.toLowerCase()}`}>
      <p>
        <strong>{approvalText(approval)}</strong>
        {approval.status === "PENDING" && approval.holders.length ? <span className="hint"> ({approval.holders.map((h) => h.name).join(", ")})</span> : null}
      </p>
      {approval.message ? <p className="notice warning">{approval.message}</p> : null}
    </div>
  );
}

const approvalFormId = (documentId: string, clauseId: string) => `approval-${documentId}-${clauseId}`;

/** An approval's answer, shared by its controls and its form (one fetcher, by key). */
function useApprovalFetcher(documentId: string, clauseId: string) {
  const key = approvalFormId(documentId, clauseId);
  const fetcher = useFetcher<Result>({ key });
  const errors = errorsOf(fetcher.state === "idle" ? fetcher.data : undefined);
  return { key, fetcher, busy: fetcher.state !== "idle", reasonError: errors?.fieldErrors?.reason, formError: formError(errors, ["reason"]) };
}

/**
 * Approve or decline, for the role's holder (or an admin). The controls sit with their position
 * inside the outcomes form, but submit their own form (the `form` attribute): forms do not nest.
 */
function ApprovalButtons({ documentId, position: p }: { documentId: string; position: PresentedPosition }) {
  const { key, busy, reasonError, formError: error } = useApprovalFetcher(documentId, p.clauseId);
  return (
    <div className="outcome-approval__actions">
      <FormError error={error} />
      <button type="submit" form={key} name="decision" value="approve" className="button small primary" formNoValidate disabled={busy} aria-label={`Approve the outcome on ${p.name}`}>
        Approve
      </button>
      <details open={reasonError ? true : undefined}>
        <summary>Decline…</summary>
        <TextareaField label={`Reason for declining ${p.name}`} name="reason" form={key} rows={2} maxLength={2000} required error={reasonError} />
        <button type="submit" form={key} name="decision" value="decline" className="button small" disabled={busy} aria-label={`Decline the outcome on ${p.name}`}>
          Decline
        </button>
      </details>
    </div>
  );
}

/** The approval's own form, after the outcomes form; its controls are in the position above. */
function ApprovalForm({ documentId, position: p }: { documentId: string; position: PresentedPosition }) {
  const { key, fetcher } = useApprovalFetcher(documentId, p.clauseId);
  return (
    <fetcher.Form method="post" id={key} hidden>
      <input type="hidden" name="intent" value="decide" />
      <input type="hidden" name="documentId" value={documentId} />
      <input type="hidden" name="clauseId" value={p.clauseId} />
    </fetcher.Form>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
