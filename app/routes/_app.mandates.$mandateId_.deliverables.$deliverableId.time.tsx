import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import type { presentTimeSheet } from "../../server/effort/presenter.ts";
import { SelectField, TextareaField } from "~/components/documents/fields";
import { EmptyState } from "~/components/empty-state";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormError, FormField } from "~/components/form-field";
import { useMandateAction, type ActionErrors } from "~/components/mandates/action-result";
import { effortHours } from "~/components/mandates/labels";
import { actionError, unknownIntent } from "~/utils/action-error.server";
import { errorResponse, requireViewer } from "~/utils/auth.server";
import { minutesOf, textOf, timeEntryInput } from "~/utils/mandate-forms.server";
import libraryStylesHref from "~/styles/library.css?url";
import mandatesStylesHref from "~/styles/mandates.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: libraryStylesHref },
  { rel: "stylesheet", href: mandatesStylesHref },
];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Time on “${data?.deliverable.title ?? "deliverable"}” · Precedent` }];

/**
 * A deliverable's time entries (ADR 039): who worked, when, how long, on what, and what it cost
 * at the rate cards. The provider's staff on the mandate read them; the PM enters anyone's on the
 * team, a member their own. A client never reaches this page (403).
 */
export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const viewer = requireViewer(context, request);
  try {
    const sheet = context.present.timeSheet(await context.services.effort.timeSheet(viewer, params.deliverableId), viewer);
    if (sheet.mandate.id !== params.mandateId) throw new Response("Not found", { status: 404 });
    return sheet;
  } catch (error) {
    if (error instanceof Response) throw error;
    errorResponse(error);
  }
}

/** 400 on the time field when it is not hours: the service would only say "minutes". */
const unreadableTime = () =>
  actionError({ status: 400, code: "invalid_request", message: "", expose: true, details: { issues: [{ path: "minutes", message: "Write the time in hours, like 1.5 or 1:30." }] } });

export async function action({ context, request, params }: ActionFunctionArgs) {
  const viewer = requireViewer(context, request);
  const form = await request.formData();
  const text = textOf(form);
  const intent = String(form.get("intent") ?? "");
  const effort = context.services.effort;
  try {
    if (intent === "add") {
      const input = timeEntryInput(form);
      if (input.minutes === undefined) return unreadableTime();
      await effort.createTimeEntry(viewer, params.deliverableId, input);
      return { ok: true as const, intent, message: "Time entered." };
    }
    if (intent === "edit") {
      const minutes = minutesOf(text("hours"));
      if (minutes === undefined) return unreadableTime();
      await effort.updateTimeEntry(viewer, params.deliverableId, text("entryId"), { date: text("date"), minutes, taskCode: text("taskCode"), note: String(form.get("note") ?? "") });
      return { ok: true as const, intent, message: "Entry saved." };
    }
    if (intent === "delete") {
      await effort.deleteTimeEntry(viewer, params.deliverableId, text("entryId"));
      return { ok: true as const, intent, message: "Entry deleted." };
    }
    return unknownIntent();
  } catch (error) {
    return actionError(error);
  }
}

type Sheet = ReturnType<typeof presentTimeSheet>;

export default function DeliverableTime() {
  const sheet = useLoaderData<typeof loader>();
  const { result, message, submitting, errorsFor } = useMandateAction();
  const { mandate, deliverable, entries, people, taskCodes } = sheet;
  // Which entry's form sent the last change or deletion, so only that row shows its errors.
  const navigation = useNavigation();
  const [lastEntryId, setLastEntryId] = useState<string>();
  useEffect(() => {
    if (navigation.state === "submitting") setLastEntryId(String(navigation.formData?.get("entryId") ?? ""));
  }, [navigation.state, navigation.formData]);
  const today = new Date().toISOString().slice(0, 10);
  return (
    <>
      <p className="breadcrumb">
        <Link to="/mandates">Mandates</Link> › <Link to={`/mandates/${mandate.id}`}>{mandate.reference}</Link>
      </p>
      <h1>Time on “{deliverable.title}”</h1>
      <p className="hint">Internal: time, cost and margin are never shown to the client.</p>
      {deliverable.loss ? (
        <p className="notice warning" role="status">
          <strong>Loss warning:</strong> {deliverable.loss.message} Fee {mandate.currency} {deliverable.fee.formatted}
          {deliverable.cost ? `, cost so far ${mandate.currency} ${deliverable.cost.formatted}` : ""}
          {deliverable.expected ? `, expected ${mandate.currency} ${deliverable.expected.formatted}` : ""}.
        </p>
      ) : null}
      <dl className="estimate-figures" aria-label="Totals">
        <dt>Time entered</dt>
        <dd>{deliverable.effortMinutes ? `${effortHours(deliverable.effortMinutes)} h` : "none"}</dd>
        <dt>Cost</dt>
        <dd>{deliverable.cost ? `${mandate.currency} ${deliverable.cost.formatted}` : deliverable.unratedMinutes ? "not measured: some time has no rate card" : "—"}</dd>
        {deliverable.unratedMinutes ? (
          <>
            <dt>Unrated time</dt>
            <dd>{effortHours(deliverable.unratedMinutes)} h (no rate card for the person's role on that day)</dd>
          </>
        ) : null}
        <dt>Fee</dt>
        <dd>
          {mandate.currency} {deliverable.fee.formatted}
        </dd>
      </dl>
      <div className="sr-status" role="status" aria-live="polite">
        {message ? <p className="notice">{message}</p> : null}
      </div>
      {people.length ? <NewEntry sheet={sheet} today={today} errors={errorsFor("add")} done={result?.ok === true && result.intent === "add"} busy={submitting === "add"} /> : null}
      <section aria-labelledby="entries-title">
        <h2 id="entries-title">Entries</h2>
        <FormError error={lastEntryId ? errorsFor("delete")?.formError : undefined} />
        {entries.length === 0 ? (
          <EmptyState title="No time entered">
            <p>Time entered here makes the deliverable's effort and cost.</p>
          </EmptyState>
        ) : (
          <table className="table cards time-entries">
            <thead>
              <tr>
                <th scope="col">Day</th>
                <th scope="col">Person</th>
                <th scope="col">Task</th>
                <th scope="col" className="number">Hours</th>
                <th scope="col" className="number">Cost</th>
                <th scope="col">Note</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.id}>
                  <td data-label="Day">{e.date}</td>
                  <td data-label="Person">
                    {e.person?.name ?? "Former member"}
                    {e.role ? <span className="document-summary">{e.role}</span> : null}
                  </td>
                  <td data-label="Task">{e.task}</td>
                  <td data-label="Hours" className="number">
                    {effortHours(e.minutes)}
                  </td>
                  <td data-label="Cost" className="number">
                    {e.cost ? e.cost.formatted : "unrated"}
                    {e.migrated ? <span className="document-summary">at the former blended rate</span> : null}
                  </td>
                  <td data-label="Note">{e.note || "—"}</td>
                  <td data-label="Actions">{e.canChange ? <EntryActions entry={e} taskCodes={taskCodes} errors={lastEntryId === e.id ? errorsFor("edit") : undefined} /> : null}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}

function NewEntry({ sheet, today, errors, done, busy }: { sheet: Sheet; today: string; errors?: ActionErrors; done: boolean; busy: boolean }) {
  const { people, taskCodes } = sheet;
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (done) formRef.current?.reset();
  }, [done]);
  const fieldErrors = errors?.fieldErrors ?? {};
  const known = ["userId", "date", "minutes", "taskCode", "note"];
  const other = errors?.formError ?? Object.entries(fieldErrors).find(([k]) => !known.includes(k))?.[1];
  return (
    <section className="card" aria-labelledby="new-entry-title">
      <h2 id="new-entry-title">Enter time</h2>
      <FormError error={other} />
      <Form method="post" ref={formRef} className="inline-form" aria-labelledby="new-entry-title">
        <input type="hidden" name="intent" value="add" />
        {people.length > 1 ? (
          <SelectField label="Person" name="userId" options={people.map((p) => ({ value: p.id, label: p.name }))} error={fieldErrors.userId} />
        ) : (
          <input type="hidden" name="userId" value={people[0]!.id} />
        )}
        <FormField label="Day" name="date" type="date" required defaultValue={today} error={fieldErrors.date} />
        <FormField label="Time (hours)" name="hours" required inputMode="decimal" placeholder="1.5 or 1:30" hint="Hours, like 1.5 or 1:30; at most 24 hours a day." error={fieldErrors.minutes} />
        <SelectField label="Task" name="taskCode" options={taskCodes.map((t) => ({ value: t.code, label: t.label }))} error={fieldErrors.taskCode} />
        <TextareaField label="Note" name="note" rows={2} maxLength={1000} error={fieldErrors.note} />
        <button type="submit" className="button primary" disabled={busy}>
          Enter time
        </button>
      </Form>
    </section>
  );
}

/** Change or delete an entry: a disclosure holding its own labelled form, so each row stays short and keyboard-usable. */
function EntryActions({ entry: e, taskCodes, errors }: { entry: Sheet["entries"][number]; taskCodes: Sheet["taskCodes"]; errors: ActionErrors | undefined }) {
  const label = `${e.date}, ${effortHours(e.minutes)} h, ${e.person?.name ?? "former member"}`;
  return (
    <>
      <details open={errors ? true : undefined}>
        <summary aria-label={`Change the entry of ${label}`}>Change</summary>
        <Form method="post" aria-label={`Change the entry of ${label}`}>
          <input type="hidden" name="intent" value="edit" />
          <input type="hidden" name="entryId" value={e.id} />
          <FormError error={errors?.formError} />
          <FormField label="Day" name="date" type="date" required defaultValue={e.date ?? ""} error={errors?.fieldErrors?.date} />
          <FormField label="Time (hours)" name="hours" required inputMode="decimal" defaultValue={effortHours(e.minutes)} error={errors?.fieldErrors?.minutes} />
          <SelectField label="Task" name="taskCode" defaultValue={e.taskCode} options={taskCodes.map((t) => ({ value: t.code, label: t.label }))} />
          <TextareaField label="Note" name="note" rows={2} maxLength={1000} defaultValue={e.note} />
          <button type="submit" className="button small">
            Save
          </button>
        </Form>
      </details>
      <Form method="post">
        <input type="hidden" name="intent" value="delete" />
        <input type="hidden" name="entryId" value={e.id} />
        <button type="submit" className="button small danger" aria-label={`Delete the entry of ${label}`}>
          Delete
        </button>
      </Form>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
