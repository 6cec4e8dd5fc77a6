import { SelectField, fieldError } from "~/components/documents/fields";
import { FormField } from "~/components/form-field";

/** A holiday calendar a mandate can run on, as the loaders pass it (server/calendars; ADR 041). */
export type CalendarOption = { id: string; label: string; timeZone: string };

/** The mandate's working calendar: whose public holidays close a business day, and in which time zone its days run. */
export function CalendarFields({
  calendars,
  holidayCalendar,
  timeZone,
  errors,
}: {
  calendars: CalendarOption[];
  holidayCalendar?: string;
  timeZone?: string;
  errors: Parameters<typeof fieldError>[0];
}) {
  return (
    <>
      <SelectField
        label="Holiday calendar"
        name="holidayCalendar"
        defaultValue={holidayCalendar ?? "GB-ENG"}
        options={calendars.map((c) => ({ value: c.id, label: c.label }))}
        hint="The SLA clock counts business days: weekdays that are not its public holidays."
        error={fieldError(errors, "holidayCalendar")}
      />
      <FormField
        label="Time zone"
        name="timeZone"
        defaultValue={timeZone ?? ""}
        placeholder="Europe/London"
        hint="An IANA name. Blank on a new mandate: the calendar's own."
        error={fieldError(errors, "timeZone")}
      />
    </>
  );
}
