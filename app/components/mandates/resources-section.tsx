import { Form, Link } from "@remix-run/react";
import type { PresentedMandate } from "../../../server/mandates/presenter.ts";
import { KindBadge } from "~/components/documents/badges";
import { SelectField, fieldError, formError } from "~/components/documents/fields";
import { KIND_LABELS, formatDate, type KindKey } from "~/components/documents/labels";
import { FormError, FormField } from "~/components/form-field";
import { useMandateAction } from "./action-result";
import { IntentButton } from "./intent-button";

export type Candidate = { id: string; title: string; kind: KindKey };

/** "v3", or "draft" for a link made before the document was ever published. */
const versionLabel = (v: { number: number } | null) => (v ? `v${v.number}` : "unpublished draft");

/**
 * The playbooks, toolkits, templates and precedents the mandate uses, each pinned to the version
 * in force when attached; a newer published version can be moved to. Editors find readable
 * documents by title and attach them to the mandate or to one deliverable.
 */
export function ResourcesSection({ mandate, candidates, find }: { mandate: PresentedMandate; candidates: Candidate[] | null; find: string }) {
  const { submitting, submittingId, errorsFor } = useMandateAction();
  const editable = mandate.abilities.update && mandate.abilities.allowedTransitions.length > 0;
  const deliverableTitle = new Map(mandate.deliverables.map((d) => [d.id, d.title]));
  const linkErrors = errorsFor("move-forward") ?? errorsFor("detach");
  const attachErrors = errorsFor("attach");
  return (
    <section aria-labelledby="resources-title">
      <h2 id="resources-title">Resources</h2>
      <FormError error={linkErrors?.formError} />
      {mandate.resources.length === 0 ? (
        <p className="hint">{editable ? "Nothing attached yet: find a toolkit or playbook below." : "No resources shared with you on this mandate."}</p>
      ) : (
        <ul className="resource-list">
          {mandate.resources.map((r) => (
            <li key={r.id}>
              <Link to={`/documents/${r.document.id}`}>{r.document.title}</Link>
              <KindBadge kind={r.document.kind as KindKey} />
              <span className="hint">
                {versionLabel(r.pinnedVersion)}
                {r.deliverableId ? ` · for “${deliverableTitle.get(r.deliverableId) ?? "a deliverable"}”` : ""}
                {r.viaToolkit ? ` · via ${r.viaToolkit.title}` : ""}
                {r.attachedBy ? ` · attached by ${r.attachedBy.name}` : ""} · <time dateTime={r.attachedAt}>{formatDate(r.attachedAt)}</time>
              </span>
              {r.newerVersionAvailable ? (
                <span className="newer-version">Newer version available{r.latestVersion ? ` (v${r.latestVersion.number})` : ""}</span>
              ) : null}
              {editable && r.newerVersionAvailable ? (
                <IntentButton
                  intent="move-forward"
                  fields={{ linkId: r.id }}
                  label={`Move ${r.document.title} forward to the newest version`}
                  disabled={submitting === "move-forward" && submittingId === r.id}
                >
                  Move forward
                </IntentButton>
              ) : null}
              {editable ? (
                <IntentButton intent="detach" fields={{ linkId: r.id }} label={`Detach ${r.document.title}`} danger>
                  Detach
                </IntentButton>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {editable ? (
        <div className="card">
          <h3>Attach a document</h3>
          <Form method="get" className="inline-form compact" role="search" aria-label="Find documents to attach" preventScrollReset>
            <FormField label="Find documents" name="find" type="search" defaultValue={find} placeholder="Title contains…" />
            <button type="submit" className="button">
              Find
            </button>
          </Form>
          {candidates === null ? null : candidates.length === 0 ? (
            <p className="hint">{find ? `No documents you can read match “${find}”.` : "No documents to attach."}</p>
          ) : (
            <Form method="post" className="inline-form compact" preventScrollReset>
              <input type="hidden" name="intent" value="attach" />
              <FormError error={formError(attachErrors, ["documentId", "deliverableId"])} />
              <SelectField
                label="Document to attach"
                name="documentId"
                options={candidates.map((c) => ({ value: c.id, label: `${c.title} (${KIND_LABELS[c.kind]})` }))}
                error={fieldError(attachErrors, "documentId")}
              />
              <SelectField
                label="Attach to"
                name="deliverableId"
                options={[{ value: "", label: "The whole mandate" }, ...mandate.deliverables.map((d) => ({ value: d.id, label: d.title }))]}
                error={fieldError(attachErrors, "deliverableId")}
              />
              <button type="submit" className="button primary" disabled={submitting === "attach"}>
                Attach
              </button>
            </Form>
          )}
          <p className="hint">A toolkit brings its documents along. Each link is pinned to the version published now.</p>
        </div>
      ) : null}
    </section>
  );
}
