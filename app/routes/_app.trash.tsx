import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { EmptyState } from "~/components/empty-state";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormError } from "~/components/form-field";
import { actionError, unknownIntent } from "~/utils/action-error.server";
import { errorResponse, requireViewer } from "~/utils/auth.server";
import { formatDate } from "~/utils/format";
import libraryStylesHref from "~/styles/library.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: libraryStylesHref }];

export const meta: MetaFunction = () => [{ title: "Trash · Precedent" }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  const viewer = requireViewer(context, request);
  try {
    const items = await context.services.retention.listTrash(viewer);
    return { items: items.map(context.present.trashItem) };
  } catch (error) {
    errorResponse(error);
  }
}

export async function action({ context, request }: ActionFunctionArgs) {
  const viewer = requireViewer(context, request);
  const form = await request.formData();
  try {
    if (form.get("intent") !== "restore") return unknownIntent();
    const doc = await context.services.documents.restoreFromTrash(viewer, String(form.get("documentId") ?? ""));
    return { ok: true as const, restored: { id: doc.id, title: doc.title } };
  } catch (error) {
    return actionError(error);
  }
}

export default function Trash() {
  const { items } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const restoring = navigation.state !== "idle" ? navigation.formData?.get("documentId") : null;
  return (
    <>
      <h1>Trash</h1>
      <p className="muted">Deleted documents stay here for 30 days, with their versions and links, and can be restored by who deleted them, their owner or an admin. After that they are purged, unless a legal hold or the retention period keeps them.</p>
      {result && "restored" in result ? (
        <p role="status" className="notice">
          Restored: <Link to={`/documents/${result.restored.id}`}>{result.restored.title}</Link>
        </p>
      ) : null}
      {result && !result.ok ? <FormError error={result.errors.formError} /> : null}
      {items.length === 0 ? (
        <EmptyState title="The trash is empty">
          <p>Documents you delete appear here for 30 days, so a mistake can be undone.</p>
        </EmptyState>
      ) : (
        <table className="table cards">
          <caption className="visually-hidden">Deleted documents</caption>
          <thead>
            <tr>
              <th scope="col">Document</th>
              <th scope="col">Deleted</th>
              <th scope="col">Restorable for</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr key={item.id}>
                <th scope="row">{item.title}</th>
                <td data-label="Deleted">
                  {formatDate(item.deletedAt)}
                  {item.deletedBy ? ` by ${item.deletedBy.name}` : ""}
                </td>
                <td data-label="Restorable for">
                  {item.daysLeft > 0 ? `${item.daysLeft} day${item.daysLeft === 1 ? "" : "s"}` : "No longer restorable"}
                  {item.keptBy.length ? (
                    <ul className="muted">
                      {item.keptBy.map((k) => (
                        <li key={k}>{k}</li>
                      ))}
                    </ul>
                  ) : null}
                </td>
                <td>
                  {item.canRestore ? (
                    <Form method="post">
                      <input type="hidden" name="intent" value="restore" />
                      <input type="hidden" name="documentId" value={item.id} />
                      <button type="submit" className="button" disabled={restoring === item.id} aria-label={`Restore ${item.title}`}>
                        Restore
                      </button>
                    </Form>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
