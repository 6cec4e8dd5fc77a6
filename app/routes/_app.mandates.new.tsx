import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { SelectField, TextareaField, fieldError, formError } from "~/components/documents/fields";
import { optionsOf } from "~/components/documents/labels";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormError, FormField } from "~/components/form-field";
import { PRICING_MODEL_LABELS } from "~/components/mandates/labels";
import { actionError } from "~/utils/action-error.server";
import { errorResponse, requireViewer } from "~/utils/auth.server";
import { mandateCreateInput, serviceLevelsText } from "~/utils/mandate-forms.server";
import { CalendarFields } from "~/components/mandates/calendar-fields";
import { DeemedAcceptanceField } from "~/components/mandates/deemed-acceptance-field";
import { calendarOptions } from "~/utils/calendars.server";
import libraryStylesHref from "~/styles/library.css?url";
import mandatesStylesHref from "~/styles/mandates.css?url";
import { organizationLabel } from "~/utils/format";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: libraryStylesHref },
  { rel: "stylesheet", href: mandatesStylesHref },
];

export const meta: MetaFunction = () => [{ title: "New mandate · Precedent" }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  const viewer = requireViewer(context, request);
  const mandates = context.services.mandates;
  if (!mandates.canCreate(viewer)) {
    throw new Response(JSON.stringify({ error: { code: "forbidden", message: "Only editors and admins can create mandates." } }), {
      status: 403,
      headers: { "Content-Type": "application/json" },
    });
  }
  const fromId = new URL(request.url).searchParams.get("from") || undefined;
  try {
    const [clients, staff, previous, source] = await Promise.all([
      mandates.listClientOrganizations(viewer),
      mandates.listStaff(viewer),
      mandates.list(viewer, { pageSize: 100 }),
      fromId ? mandates.get(viewer, fromId) : undefined,
    ]);
    const from = source ? context.present.mandate(source, viewer) : undefined;
    return {
      clients,
      staff,
      previous: previous.items.map((m) => ({ id: m.id, label: `${m.reference} — ${m.title} (${m.client.name})` })),
      from: from
        ? {
            id: from.id,
            title: from.title,
            clientId: from.client.id,
            description: from.description,
            projectManagerId: from.projectManager?.id ?? "",
            team: from.team.map((t) => t.id),
            pricingModel: from.pricingModel,
            currency: from.currency,
            budget: from.budget.formatted,
            serviceLevels: serviceLevelsText(from.serviceLevels),
            holidayCalendar: from.holidayCalendar,
            timeZone: from.timeZone,
            resourceCount: from.resources.filter((r) => !r.deliverableId).length,
          }
        : undefined,
      calendars: calendarOptions(),
      user: { id: viewer.id },
    };
  } catch (error) {
    errorResponse(error);
  }
}

export async function action({ context, request }: ActionFunctionArgs) {
  const viewer = requireViewer(context, request);
  const form = await request.formData();
  try {
    const created = await context.services.mandates.create(viewer, mandateCreateInput(form));
    return redirect(`/mandates/${created.mandate.id}`);
  } catch (error) {
    return actionError(error);
  }
}

const FIELDS = [
  "clientOrganizationId",
  "title",
  "reference",
  "description",
  "projectManagerId",
  "memberIds",
  "status",
  "pricingModel",
  "currency",
  "budget",
  "startDate",
  "targetDate",
  "serviceLevels",
  "holidayCalendar",
  "timeZone",
  "deemedAcceptanceBusinessDays",
];

export default function NewMandate() {
  const { clients, staff, previous, from, user, calendars } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const errors = result && "errors" in result ? result.errors : undefined;
  const errorRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (errors) errorRef.current?.querySelector<HTMLElement>("[aria-invalid=true], .form-error")?.focus();
  }, [errors]);
  const managers = staff.filter((s) => s.canManage);
  return (
    <>
      <p className="breadcrumb">
        <Link to="/mandates">Mandates</Link>
      </p>
      <h1>New mandate</h1>
      {previous.length ? (
        <Form method="get" className="inline-form compact card narrow" aria-label="Start from a previous mandate">
          <SelectField
            label="Start from a previous mandate"
            name="from"
            defaultValue={from?.id ?? ""}
            options={[{ value: "", label: "No — start blank" }, ...previous.map((p) => ({ value: p.id, label: p.label }))]}
            hint="Copies its team, pricing, budget, service levels and mandate-level resources (pinned to today's published versions). Deliverables are not copied."
          />
          <button type="submit" className="button">
            Use it
          </button>
        </Form>
      ) : null}
      {clients.length === 0 ? (
        <p className="notice warning">
          There are no client organisations yet: an admin creates one by inviting a client in <Link to="/admin">Admin</Link>.
        </p>
      ) : null}
      <section className="card narrow" ref={errorRef}>
        <FormError error={formError(errors, FIELDS)} />
        {/* The key resets defaults when another source mandate is chosen. */}
        <Form method="post" key={from?.id ?? "blank"}>
          {from ? <input type="hidden" name="fromMandateId" value={from.id} /> : null}
          {from ? <p className="hint">Starting from “{from.title}”: {from.resourceCount} resources come along.</p> : null}
          <SelectField
            label="Client organisation"
            name="clientOrganizationId"
            defaultValue={from?.clientId ?? ""}
            options={[{ value: "", label: "Choose a client…" }, ...clients.map((c) => ({ value: c.id, label: organizationLabel(c, clients) }))]}
            error={fieldError(errors, "clientOrganizationId")}
            required
          />
          <FormField label="Title" name="title" required maxLength={200} autoFocus error={fieldError(errors, "title")} />
          <FormField label="Reference" name="reference" required maxLength={40} placeholder="e.g. NW-2026-014" error={fieldError(errors, "reference")} />
          <TextareaField label="Description" name="description" rows={3} maxLength={5000} defaultValue={from?.description ?? ""} error={fieldError(errors, "description")} />
          <SelectField
            label="Project manager"
            name="projectManagerId"
            defaultValue={from?.projectManagerId || user.id}
            options={managers.map((s) => ({ value: s.id, label: s.name }))}
            hint="Accountable for the mandate; always on the team."
            error={fieldError(errors, "projectManagerId")}
          />
          <fieldset className="field">
            <legend>Team</legend>
            {staff.map((s) => (
              <label key={s.id} className="choice">
                <input type="checkbox" name="memberIds" value={s.id} defaultChecked={from?.team.includes(s.id)} /> {s.name}
              </label>
            ))}
            {fieldError(errors, "memberIds") ? (
              <p className="field-error" role="alert">
                {fieldError(errors, "memberIds")}
              </p>
            ) : null}
          </fieldset>
          <SelectField
            label="Pricing model"
            name="pricingModel"
            defaultValue={from?.pricingModel ?? "FIXED_PER_DELIVERABLE"}
            options={optionsOf(PRICING_MODEL_LABELS)}
            error={fieldError(errors, "pricingModel")}
          />
          <FormField label="Currency" name="currency" required maxLength={3} defaultValue={from?.currency ?? "EUR"} hint="ISO 4217 code: EUR, GBP, USD…" error={fieldError(errors, "currency")} />
          <FormField
            label="Agreed budget"
            name="budget"
            inputMode="decimal"
            defaultValue={from?.budget ?? ""}
            placeholder="e.g. 12,000.00"
            hint="In the currency above; for a capped mandate, the cap."
            error={fieldError(errors, "budget")}
          />
          <SelectField
            label="Status"
            name="status"
            defaultValue="PROPOSED"
            options={[
              { value: "PROPOSED", label: "Proposed" },
              { value: "ACTIVE", label: "Active — work starts now" },
            ]}
            error={fieldError(errors, "status")}
          />
          <FormField label="Start date" name="startDate" type="date" required error={fieldError(errors, "startDate")} />
          <FormField label="Target date" name="targetDate" type="date" error={fieldError(errors, "targetDate")} />
          <TextareaField
            label="Service levels"
            name="serviceLevels"
            rows={3}
            defaultValue={from?.serviceLevels ?? ""}
            hint="One per line: deliverable type, a colon, turnaround in business days — e.g. “NDA review: 3”."
            error={fieldError(errors, "serviceLevels")}
          />
          <CalendarFields calendars={calendars} holidayCalendar={from?.holidayCalendar} timeZone={from?.timeZone} errors={errors} />
          <DeemedAcceptanceField defaultValue={5} errors={errors} />
          <div className="form-actions">
            <button type="submit" className="button primary" disabled={navigation.state === "submitting"}>
              Create mandate
            </button>
            <Link to="/mandates">Cancel</Link>
          </div>
        </Form>
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
