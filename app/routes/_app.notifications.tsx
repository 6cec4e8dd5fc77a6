import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { EmptyState } from "~/components/empty-state";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormError } from "~/components/form-field";
import { actionError, unknownIntent } from "~/utils/action-error.server";
import { requireViewer } from "~/utils/auth.server";
import { formatDate } from "~/utils/format";

export const meta: MetaFunction = () => [{ title: "Notifications · Precedent" }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  const viewer = requireViewer(context, request);
  return context.services.notifications.list(viewer);
}

export async function action({ context, request }: ActionFunctionArgs) {
  const viewer = requireViewer(context, request);
  const form = await request.formData();
  try {
    const intent = form.get("intent");
    if (intent === "read") {
      await context.services.notifications.markRead(viewer, form.get("notificationId"));
      return { ok: true as const };
    }
    if (intent === "read-all") {
      await context.services.notifications.markAllRead(viewer);
      return { ok: true as const };
    }
    return unknownIntent();
  } catch (error) {
    return actionError(error);
  }
}

const KIND_LABELS = {
  REVIEW_DUE: "Review due", FIRST_REVIEW_NEEDED: "First review needed", COMMENT_MENTION: "Mentioned in a comment",
  OUTCOME_APPROVAL_REQUESTED: "Approval requested",
  OUTCOME_APPROVAL_DECIDED: "Approval decided",
  PLAYBOOK_REVIEW_FINDING: "Playbook review finding",
  STATUS_REPORT_RELEASED: "Status report released",
  SCOPE_BREACH: "Assumption exceeded",
  CHANGE_REQUEST_SENT: "Change request to decide",
  CHANGE_REQUEST_DECIDED: "Change request decided",
  CLIENT_REQUEST_RECEIVED: "New client request",
  CLIENT_REQUEST_DECIDED: "Request decided",
  DELIVERY_ANSWERED: "Delivery answered",
} as const;

export default function Notifications() {
  const { notifications, unreadCount } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  return (
    <>
      <h1>Notifications</h1>
      <p className="hint">Reviews that fall due for documents you own or last reviewed. Each is also sent to you by email.</p>
      <FormError error={result && !result.ok ? result.errors.formError : undefined} />
      {notifications.length === 0 ? (
        <EmptyState title="No notifications">
          <p>When a document you own or reviewed is due for review, or needs its first review, you are told here and by email.</p>
        </EmptyState>
      ) : (
        <>
          <Form method="post">
            <input type="hidden" name="intent" value="read-all" />
            <button type="submit" className="button" disabled={busy || unreadCount === 0}>
              Mark all as read
            </button>
          </Form>
          <ul className="notification-list" aria-label="Notifications">
            {notifications.map((n) => (
              <li key={n.id} className={n.readAt ? "notification" : "notification unread"}>
                <p className="notification-title">
                  {n.readAt ? null : <span className="notification-new">Unread</span>}{" "}
                  {n.link ? <Link to={n.link}>{n.title}</Link> : n.title}
                </p>
                {n.body ? <p>{n.body}</p> : null}
                <p className="hint">
                  {KIND_LABELS[n.kind]} · {formatDate(n.createdAt)}
                </p>
                {n.readAt ? null : (
                  <Form method="post">
                    <input type="hidden" name="intent" value="read" />
                    <input type="hidden" name="notificationId" value={n.id} />
                    <button type="submit" className="button" disabled={busy} aria-label={`Mark as read: ${n.title}`}>
                      Mark as read
                    </button>
                  </Form>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
