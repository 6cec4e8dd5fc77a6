import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { SelectField, fieldError } from "~/components/documents/fields";
import { REASON_LABELS, formatDate } from "~/components/documents/labels";
import { formatCalendarDate } from "~/utils/format";
import { Redline } from "~/components/documents/redline";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { EmptyState } from "~/components/empty-state";
import { FormError, FormField } from "~/components/form-field";
import { actionError, unknownIntent } from "~/utils/action-error.server";
import { errorResponse, requireViewer } from "~/utils/auth.server";
import libraryStylesHref from "~/styles/library.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: libraryStylesHref }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Versions · ${data?.document.title ?? "Document"} · Precedent` }];

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const viewer = requireViewer(context, request);
  const documents = context.services.documents;
  const present = context.present;
  const search = new URL(request.url).searchParams;
  let doc;
  let versions;
  try {
    const row = await documents.get(viewer, params.documentId);
    // Past versions and redlines show the content: a read of client material like the document page.
    await context.services.accessRecord.recordRead(viewer, { documentId: row.id, clientOrganizationId: row.clientOrganizationId, channel: "page" });
    doc = present.document(row, viewer);
    versions = (await documents.listVersions(viewer, doc.id)).map(present.version);
  } catch (error) {
    errorResponse(error);
  }
  // Without the draft (a viewer of a published document) only publications compare: "current" is refused.
  const readDraft = doc.abilities.readDraft;
  const from = search.get("from") ?? "";
  const to = search.get("to") ?? (readDraft ? "current" : (versions[0]?.id ?? ""));
  const whole = search.get("context") === "all";
  let diff = null;
  let diffError: string | undefined;
  if (from) {
    try {
      diff = present.diff(await documents.diff(viewer, doc.id, { from, to, context: whole ? "all" : undefined }));
    } catch (error) {
      if (!(error && typeof error === "object" && "expose" in error && error.expose && "message" in error)) throw error;
      diffError = String(error.message);
    }
  }
  const restoreId = search.get("restore");
  return {
    document: { id: doc.id, title: doc.title, canUpdate: doc.abilities.update, readDraft },
    versions,
    compare: { from, to, whole },
    diff,
    diffError,
    confirmRestore: (doc.abilities.update && versions.find((v) => v.id === restoreId)) || null,
  };
}

export async function action({ context, request, params }: ActionFunctionArgs) {
  const viewer = requireViewer(context, request);
  const documents = context.services.documents;
  const form = await request.formData();
  const text = (name: string) => {
    const value = form.get(name);
    return typeof value === "string" ? value : undefined;
  };
  try {
    switch (form.get("intent")) {
      case "save-version": {
        const version = await documents.createVersion(viewer, params.documentId, { name: text("name") });
        return { ok: true as const, message: `Saved as version ${version.number} (“${version.name}”).` };
      }
      case "restore": {
        const { restored, savedBefore } = await documents.restoreVersion(viewer, params.documentId, text("versionId"));
        return {
          ok: true as const,
          message: `Restored version ${restored.number}. What was there before is kept as version ${savedBefore.number}.`,
        };
      }
      default:
        return unknownIntent();
    }
  } catch (error) {
    return actionError(error);
  }
}

export default function Versions() {
  const { document: doc, versions, compare, diff, diffError, confirmRestore } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const errors = result && "errors" in result ? result.errors : undefined;
  const message = result && "message" in result ? result.message : undefined;
  const saveForm = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (message) saveForm.current?.reset();
  }, [message]);
  const versionLabel = (v: { number: number; name: string }) => `Version ${v.number} — ${v.name}`;
  const sideOptions = versions.map((v) => ({ value: v.id, label: versionLabel(v) }));
  return (
    <>
      <p className="breadcrumb">
        <Link to="/library">Library</Link> · <Link to={`/documents/${doc.id}`}>{doc.title}</Link>
      </p>
      <h1>Versions of “{doc.title}”</h1>
      <div role="status" aria-live="polite">
        {message ? <p className="notice">{message}</p> : null}
      </div>
      <FormError error={errors?.formError} />

      {doc.canUpdate ? (
        <section className="card" aria-labelledby="save-title">
          <h2 id="save-title">Save a version</h2>
          <p className="hint">A named snapshot of the content as it is now. Publishing saves one automatically.</p>
          <Form method="post" className="inline-form" ref={saveForm}>
            <input type="hidden" name="intent" value="save-version" />
            <FormField label="Version name" name="name" maxLength={120} placeholder="Optional, e.g. Sent for review" error={fieldError(errors, "name")} />
            <button type="submit" className="button primary" disabled={navigation.state === "submitting"}>
              Save version
            </button>
          </Form>
        </section>
      ) : null}

      {confirmRestore ? (
        <section className="card confirm-card" role="alertdialog" aria-labelledby="restore-title" aria-describedby="restore-body">
          <h2 id="restore-title">Restore {versionLabel(confirmRestore)}?</h2>
          <p id="restore-body">
            Its content replaces the current content for everyone, including people editing right now. The current content is saved
            as a version first, so you can undo this.
          </p>
          <Form method="post" className="form-actions" action={`/documents/${doc.id}/versions`}>
            <input type="hidden" name="intent" value="restore" />
            <input type="hidden" name="versionId" value={confirmRestore.id} />
            <button type="submit" className="button primary" autoFocus disabled={navigation.state !== "idle"}>
              Restore version {confirmRestore.number}
            </button>
            <Link to={`/documents/${doc.id}/versions`}>Cancel</Link>
          </Form>
        </section>
      ) : null}

      <section aria-labelledby="list-title">
        <h2 id="list-title">History</h2>
        {versions.length === 0 ? (
          <EmptyState title="No versions yet">
            <p>{doc.canUpdate ? "Save a version above, or publish the document: each becomes a point you can compare with and return to." : "Versions appear here when the team saves or publishes one."}</p>
          </EmptyState>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Version</th>
                <th scope="col">Name</th>
                <th scope="col">Why</th>
                <th scope="col">By</th>
                <th scope="col">When</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {versions.map((v, index) => (
                <tr key={v.id}>
                  <td>{v.number}</td>
                  <td>{v.name}</td>
                  <td>
                    {REASON_LABELS[v.reason]}
                    {v.effectiveAt ? (
                      <>
                        , in force from <time dateTime={v.effectiveAt}>{formatCalendarDate(v.effectiveAt)}</time>
                      </>
                    ) : null}
                    {v.publishOverrideReason ? <span className="hint"> (without every approval: {v.publishOverrideReason})</span> : null}
                  </td>
                  <td>{v.createdBy?.name ?? "—"}</td>
                  <td>
                    <time dateTime={v.createdAt}>{formatDate(v.createdAt)}</time>
                  </td>
                  <td>
                    <span className="row-actions">
                    {doc.readDraft ? (
                      <Link to={`?from=${v.id}&to=current`} aria-label={`Compare version ${v.number} with the current content`}>
                        Compare with current
                      </Link>
                    ) : null}
                    {versions[index + 1] ? (
                      <Link
                        to={`?from=${versions[index + 1]!.id}&to=${v.id}`}
                        aria-label={`Compare version ${v.number} with version ${versions[index + 1]!.number} before it`}
                      >
                        Compare with previous
                      </Link>
                    ) : null}
                    {doc.canUpdate ? (
                      <Link to={`?restore=${v.id}`} aria-label={`Restore version ${v.number}`}>
                        Restore…
                      </Link>
                    ) : null}
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      {versions.length > 0 ? (
        <section aria-labelledby="compare-title">
          <h2 id="compare-title">Compare</h2>
          <Form method="get" className="inline-form compare-form" key={`${compare.from}-${compare.to}`}>
            <SelectField
              label="From"
              name="from"
              defaultValue={compare.from || versions[0]?.id}
              options={doc.readDraft ? [...sideOptions, { value: "current", label: "Current content" }] : sideOptions}
            />
            <SelectField label="To" name="to" defaultValue={compare.to} options={doc.readDraft ? [{ value: "current", label: "Current content" }, ...sideOptions] : sideOptions} />
            <label className="choice">
              <input type="checkbox" name="context" value="all" defaultChecked={compare.whole} /> Show the whole document
            </label>
            <button type="submit" className="button">
              Compare
            </button>
          </Form>
          <FormError error={diffError} />
          {diff ? (
            <div role="group" aria-labelledby="redline-title">
              <h3 id="redline-title">
                {diff.from.kind === "version" ? `Version ${diff.from.number}` : "Current content"} →{" "}
                {diff.to.kind === "version" ? `version ${diff.to.number}` : "current content"}
              </h3>
              <Redline diff={diff} />
            </div>
          ) : null}
        </section>
      ) : null}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
