import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { EmptyState } from "~/components/empty-state";
import { FormError, FormField } from "~/components/form-field";
import { useMandateAction, type ActionErrors } from "~/components/mandates/action-result";
import { actionError, unknownIntent } from "~/utils/action-error.server";
import { errorResponse, requireViewer } from "~/utils/auth.server";
import { textOf } from "~/utils/mandate-forms.server";

export const meta: MetaFunction = () => [{ title: "Rate cards · Precedent" }];

/**
 * The provider's rate cards (ADR 039): an hourly cost rate per role — as members' job titles
 * write it — and currency, over days that never overlap. They price every time entry on their
 * days; a change prices those entries again. The provider's admins only (403 for anyone else).
 */
export async function loader({ context, request }: LoaderFunctionArgs) {
  const viewer = requireViewer(context, request);
  try {
    return { rateCards: (await context.services.effort.listRateCards(viewer)).map(context.present.rateCard) };
  } catch (error) {
    errorResponse(error);
  }
}

export async function action({ context, request }: ActionFunctionArgs) {
  const viewer = requireViewer(context, request);
  const form = await request.formData();
  const text = textOf(form);
  const intent = String(form.get("intent") ?? "");
  const effort = context.services.effort;
  const card = () => ({ role: text("role"), currency: text("currency"), hourlyRate: text("hourlyRate"), validFrom: text("validFrom"), validTo: text("validTo") ?? null });
  try {
    if (intent === "create") {
      await effort.createRateCard(viewer, card());
      return { ok: true as const, intent, message: "Rate card added: time on its days is priced at it." };
    }
    if (intent === "update") {
      await effort.updateRateCard(viewer, text("rateCardId"), card());
      return { ok: true as const, intent, message: "Rate card saved: time on its days is priced again." };
    }
    if (intent === "delete") {
      await effort.deleteRateCard(viewer, text("rateCardId"));
      return { ok: true as const, intent, message: "Rate card deleted: time on its days is unrated unless another card applies." };
    }
    return unknownIntent();
  } catch (error) {
    return actionError(error);
  }
}

type Card = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>>["rateCards"][number];

export default function RateCards() {
  const { rateCards } = useLoaderData<typeof loader>()!;
  const { result, message, submitting, errorsFor } = useMandateAction();
  const navigation = useNavigation();
  const [lastCardId, setLastCardId] = useState<string>();
  useEffect(() => {
    if (navigation.state === "submitting") setLastCardId(String(navigation.formData?.get("rateCardId") ?? ""));
  }, [navigation.state, navigation.formData]);
  const formRef = useRef<HTMLFormElement>(null);
  const created = result?.ok === true && result.intent === "create";
  useEffect(() => {
    if (created) formRef.current?.reset();
  }, [created]);
  const createErrors = errorsFor("create");
  return (
    <>
      <h1>Rate cards</h1>
      <p className="lead">
        What an hour of each role costs the firm, for time entries, margins and estimates. Never shown to clients. A role matches a member's job
        title (set in Admin), ignoring case; the card valid on an entry's day prices it. Cards of one role and currency may not overlap.
      </p>
      <div className="sr-status" role="status" aria-live="polite">
        {message ? <p className="notice">{message}</p> : null}
      </div>
      <section className="card" aria-labelledby="new-card">
        <h2 id="new-card">New rate card</h2>
        <FormError error={createErrors?.formError ?? createErrors?.fieldErrors?.form} />
        <Form method="post" ref={formRef} className="inline-form" aria-labelledby="new-card">
          <input type="hidden" name="intent" value="create" />
          <CardFields errors={createErrors} />
          <button type="submit" className="button primary" disabled={submitting === "create"}>
            Add rate card
          </button>
        </Form>
      </section>
      <section aria-labelledby="cards-title">
        <h2 id="cards-title">Cards</h2>
        <FormError error={lastCardId ? errorsFor("delete")?.formError : undefined} />
        {rateCards.length === 0 ? (
          <EmptyState title="No rate cards">
            <p>Until a role has a card, its time is entered but unrated, and margins leave it out.</p>
          </EmptyState>
        ) : (
          <table className="table cards">
            <thead>
              <tr>
                <th scope="col">Role</th>
                <th scope="col">Currency</th>
                <th scope="col">Per hour</th>
                <th scope="col">From</th>
                <th scope="col">To</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rateCards.map((c) => (
                <tr key={c.id}>
                  <td data-label="Role">{c.role}</td>
                  <td data-label="Currency">{c.currency}</td>
                  <td data-label="Per hour">{c.hourlyRate.formatted}</td>
                  <td data-label="From">{c.validFrom}</td>
                  <td data-label="To">{c.validTo ?? "until further notice"}</td>
                  <td data-label="Actions">
                    <CardActions card={c} errors={lastCardId === c.id ? errorsFor("update") : undefined} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}

function CardFields({ errors, card }: { errors: ActionErrors | undefined; card?: Card }) {
  const e = errors?.fieldErrors ?? {};
  return (
    <>
      <FormField label="Role" name="role" required maxLength={120} defaultValue={card?.role} hint="As job titles write it, e.g. Senior associate." error={e.role} />
      <FormField label="Currency" name="currency" required maxLength={3} defaultValue={card?.currency} placeholder="EUR" error={e.currency} />
      <FormField label="Cost per hour" name="hourlyRate" required inputMode="decimal" defaultValue={card?.hourlyRate.formatted} placeholder="120.00" error={e.hourlyRate ?? e.hourlyRateMinor} />
      <FormField label="Valid from" name="validFrom" type="date" required defaultValue={card?.validFrom ?? undefined} error={e.validFrom} />
      <FormField label="Valid to" name="validTo" type="date" defaultValue={card?.validTo ?? undefined} hint="Blank: until further notice." error={e.validTo} />
    </>
  );
}

function CardActions({ card: c, errors }: { card: Card; errors: ActionErrors | undefined }) {
  const label = `${c.role} ${c.currency} from ${c.validFrom}`;
  return (
    <>
      <details open={errors ? true : undefined}>
        <summary aria-label={`Change the card ${label}`}>Change</summary>
        <Form method="post" aria-label={`Change the card ${label}`}>
          <input type="hidden" name="intent" value="update" />
          <input type="hidden" name="rateCardId" value={c.id} />
          <FormError error={errors?.formError} />
          <CardFields errors={errors} card={c} />
          <button type="submit" className="button small">
            Save
          </button>
        </Form>
      </details>
      <Form method="post">
        <input type="hidden" name="intent" value="delete" />
        <input type="hidden" name="rateCardId" value={c.id} />
        <button type="submit" className="button small danger" aria-label={`Delete the card ${label}`}>
          Delete
        </button>
      </Form>
    </>
  );
}
