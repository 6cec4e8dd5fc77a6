import { Form } from "@remix-run/react";
import { useEffect, useState } from "react";
import type { PresentedMandate } from "../../../server/mandates/presenter.ts";
import { SelectField, TextareaField, fieldError, formError } from "~/components/documents/fields";
import { optionsOf } from "~/components/documents/labels";
import { FormError, FormField } from "~/components/form-field";
import { useMandateAction } from "./action-result";
import { PRICING_MODEL_LABELS, type PricingModelKey } from "./labels";
import { CalendarFields, type CalendarOption } from "./calendar-fields";
import { DeemedAcceptanceField } from "./deemed-acceptance-field";

type Staff = { id: string; name: string; canManage: boolean }[];

const FIELDS = ["title", "reference", "description", "projectManagerId", "memberIds", "pricingModel", "currency", "budget", "startDate", "targetDate", "serviceLevels", "holidayCalendar", "timeZone", "deemedAcceptanceBusinessDays"];

const serviceLevelsText = (levels: PresentedMandate["serviceLevels"]) => levels.map((l) => `${l.deliverableType}: ${l.turnaroundBusinessDays}`).join("\n");

/** The mandate's details; editors of an open mandate can change them in place. */
export function MandateDetails({ mandate, staff, calendars }: { mandate: PresentedMandate; staff: Staff; calendars: CalendarOption[] }) {
  const { result, errorsFor, submitting } = useMandateAction();
  const [editing, setEditing] = useState(false);
  const errors = errorsFor("details");
  useEffect(() => {
    if (result?.ok && result.intent === "details") setEditing(false);
  }, [result]);
  const editable = mandate.abilities.update && mandate.abilities.allowedTransitions.length > 0;
  if (editing || errors) {
    const team = new Set(mandate.team.map((t) => t.id));
    return (
      <aside className="card" aria-labelledby="details-title">
        <h2 id="details-title">Edit details</h2>
        <FormError error={formError(errors, FIELDS)} />
        <Form method="post" preventScrollReset key={mandate.updatedAt}>
          <input type="hidden" name="intent" value="details" />
          <FormField label="Title" name="title" required maxLength={200} defaultValue={mandate.title} error={fieldError(errors, "title")} />
          <FormField label="Reference" name="reference" required maxLength={40} defaultValue={mandate.reference} error={fieldError(errors, "reference")} />
          <TextareaField label="Description" name="description" rows={3} maxLength={5000} defaultValue={mandate.description} error={fieldError(errors, "description")} />
          <SelectField
            label="Project manager"
            name="projectManagerId"
            defaultValue={mandate.projectManager?.id ?? ""}
            options={staff.filter((s) => s.canManage).map((s) => ({ value: s.id, label: s.name }))}
            error={fieldError(errors, "projectManagerId")}
          />
          <fieldset className="field">
            <legend>Team</legend>
            {staff.map((s) => (
              <label key={s.id} className="choice">
                <input type="checkbox" name="memberIds" value={s.id} defaultChecked={team.has(s.id)} /> {s.name}
              </label>
            ))}
          </fieldset>
          <SelectField label="Pricing model" name="pricingModel" defaultValue={mandate.pricingModel} options={optionsOf(PRICING_MODEL_LABELS)} error={fieldError(errors, "pricingModel")} />
          <FormField label="Currency" name="currency" required maxLength={3} defaultValue={mandate.currency} error={fieldError(errors, "currency")} />
          <FormField label="Agreed budget" name="budget" required inputMode="decimal" defaultValue={mandate.budget.formatted} error={fieldError(errors, "budget")} />
          <FormField label="Start date" name="startDate" type="date" required defaultValue={mandate.startDate ?? ""} error={fieldError(errors, "startDate")} />
          <FormField label="Target date" name="targetDate" type="date" defaultValue={mandate.targetDate ?? ""} error={fieldError(errors, "targetDate")} />
          <TextareaField
            label="Service levels"
            name="serviceLevels"
            rows={3}
            defaultValue={serviceLevelsText(mandate.serviceLevels)}
            hint="One per line: deliverable type, a colon, turnaround in business days."
            error={fieldError(errors, "serviceLevels")}
          />
          <CalendarFields calendars={calendars} holidayCalendar={mandate.holidayCalendar} timeZone={mandate.timeZone} errors={errors} />
          <DeemedAcceptanceField defaultValue={mandate.deemedAcceptanceBusinessDays} errors={errors} />
          <div className="form-actions">
            <button type="submit" className="button primary" disabled={submitting === "details"}>
              Save details
            </button>
            <button type="button" className="button" onClick={() => setEditing(false)}>
              Cancel
            </button>
          </div>
        </Form>
      </aside>
    );
  }
  return (
    <aside className="card" aria-labelledby="details-title">
      <div className="section-actions">
        <h2 id="details-title">Details</h2>
        {editable ? (
          <button type="button" className="button small" onClick={() => setEditing(true)}>
            Edit details
          </button>
        ) : null}
      </div>
      <dl>
        <dt>Reference</dt>
        <dd>{mandate.reference}</dd>
        <dt>Client</dt>
        <dd>{mandate.client.name}</dd>
        {mandate.description ? (
          <>
            <dt>Description</dt>
            <dd>{mandate.description}</dd>
          </>
        ) : null}
        <dt>Project manager</dt>
        <dd>{mandate.projectManager?.name ?? "—"}</dd>
        <dt>Team</dt>
        <dd>{mandate.team.map((t) => t.name).join(", ") || "—"}</dd>
        <dt>Pricing model</dt>
        <dd>{PRICING_MODEL_LABELS[mandate.pricingModel as PricingModelKey]}</dd>
        <dt>Agreed budget</dt>
        <dd>
          {mandate.currency} {mandate.budget.formatted}
        </dd>
        <dt>Dates</dt>
        <dd>
          {mandate.startDate} → {mandate.targetDate ?? "no target date"}
        </dd>
        <dt>Business days</dt>
        <dd>{mandate.calendarLabel}</dd>
        <dt>Service levels</dt>
        <dd>
          {mandate.serviceLevels.length ? (
            <ul>
              {mandate.serviceLevels.map((s) => (
                <li key={s.deliverableType}>
                  {s.deliverableType}: {s.turnaroundBusinessDays} business {s.turnaroundBusinessDays === 1 ? "day" : "days"}
                </li>
              ))}
            </ul>
          ) : (
            "—"
          )}
        </dd>
        <dt>Deemed acceptance</dt>
        <dd>
          {mandate.deemedAcceptanceBusinessDays} business {mandate.deemedAcceptanceBusinessDays === 1 ? "day" : "days"} after delivery
        </dd>
      </dl>
    </aside>
  );
}
