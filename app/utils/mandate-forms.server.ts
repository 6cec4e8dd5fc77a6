// FormData → the mandates service's input. The service parses and validates (ADR 005); this only
// turns form fields into the JSON shapes the API takes: blanks are "not sent" (so "start from a
// previous mandate" keeps the source's value), lists come from repeated fields, numbers from text.
import { instantOfWallTime } from "../../server/calendars/index.ts";

/** A field's text, or undefined when missing or blank. */
export function textOf(form: FormData) {
  return (name: string) => {
    const value = form.get(name);
    return typeof value === "string" && value.trim() !== "" ? value : undefined;
  };
}

/** A whole number from text; anything else goes through as-is so the service names the field. */
const numberOf = (text: string) => (/^\d+$/.test(text.trim()) ? Number(text) : text.trim());

/**
 * Service levels as one line each, "Deliverable type: business days" ("NDA review: 3"). A line
 * without a colon becomes a level without days, which the service refuses with the line's index.
 */
export function parseServiceLevels(text: string | undefined) {
  if (text === undefined) return undefined;
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const at = line.lastIndexOf(":");
      if (at < 0) return { deliverableType: line, turnaroundBusinessDays: undefined };
      return { deliverableType: line.slice(0, at).trim(), turnaroundBusinessDays: numberOf(line.slice(at + 1)) };
    });
}

/** Service levels back as the textarea shows them. */
export const serviceLevelsText = (levels: Array<{ deliverableType: string; turnaroundBusinessDays: number }>) =>
  levels.map((l) => `${l.deliverableType}: ${l.turnaroundBusinessDays}`).join("\n");

export function mandateCreateInput(form: FormData) {
  const text = textOf(form);
  const fromMandateId = text("fromMandateId");
  const memberIds = form.getAll("memberIds").map(String);
  return {
    clientOrganizationId: text("clientOrganizationId"),
    title: text("title"),
    reference: text("reference"),
    description: text("description"),
    projectManagerId: text("projectManagerId"),
    // From a previous mandate with nobody ticked, the source's team is kept.
    memberIds: memberIds.length || !fromMandateId ? memberIds : undefined,
    status: text("status"),
    pricingModel: text("pricingModel"),
    currency: text("currency"),
    budget: text("budget"),
    startDate: text("startDate"),
    targetDate: text("targetDate"),
    serviceLevels: parseServiceLevels(text("serviceLevels")),
    holidayCalendar: text("holidayCalendar"),
    timeZone: text("timeZone"),
    deemedAcceptanceBusinessDays: wholeNumber(text("deemedAcceptanceBusinessDays")),
    fromMandateId,
  };
}

export function deliverableInput(form: FormData) {
  const text = textOf(form);
  return {
    title: text("title"),
    type: text("type"),
    description: text("description"),
    ownerId: text("ownerId"),
    dueDate: text("dueDate"),
    fee: text("fee"),
  };
}

/** A deliverable's edit: title, type, owner, due date and fee; a blank owner or due date clears it. */
export function deliverableEditInput(form: FormData) {
  const text = textOf(form);
  return {
    // A blank title or type is sent as "", so the service names it rather than leaving it unchanged.
    ...(form.has("title") ? { title: String(form.get("title")) } : {}),
    ...(form.has("type") ? { type: String(form.get("type")) } : {}),
    ownerId: text("ownerId") ?? null,
    // Delivered work's due date and fee are not on the form (locked, ADR 041): not sent.
    ...(form.has("dueDate") ? { dueDate: text("dueDate") ?? null } : {}),
    ...(text("fee") !== undefined ? { fee: text("fee") } : {}),
    // Why the due date moves (ADR 041).
    ...(text("reason") !== undefined ? { reason: text("reason") } : {}),
  };
}

export function fromToolkitInput(form: FormData) {
  const text = textOf(form);
  const documentIds = form.getAll("documentIds").map(String);
  return {
    fromToolkit: {
      toolkitId: text("toolkitId"),
      documentIds,
      ownerId: text("ownerId"),
      dueDate: text("dueDate"),
      fee: text("fee"),
    },
  };
}

/**
 * The "Edit details" form as a PATCH: every field is sent (the form shows them all); a blank
 * description, target date or cost rate clears it, and a blank service levels box means none.
 */
export function mandateUpdateInput(form: FormData) {
  const text = textOf(form);
  const raw = (name: string) => (typeof form.get(name) === "string" ? String(form.get(name)) : undefined);
  return {
    title: text("title"),
    reference: text("reference"),
    description: raw("description") ?? "",
    projectManagerId: text("projectManagerId"),
    memberIds: form.getAll("memberIds").map(String),
    pricingModel: text("pricingModel"),
    currency: text("currency"),
    budget: text("budget"),
    startDate: text("startDate"),
    targetDate: text("targetDate") ?? null,
    serviceLevels: parseServiceLevels(raw("serviceLevels") ?? "") ?? [],
    holidayCalendar: text("holidayCalendar"),
    timeZone: text("timeZone"),
    deemedAcceptanceBusinessDays: wholeNumber(text("deemedAcceptanceBusinessDays")),
  };
}

/**
 * Time as people write it, in whole minutes: hours ("1.5", "0,25") or hours and minutes ("1:30").
 * Undefined when it is neither, so the form says how to write it.
 */
export function minutesOf(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const clock = /^\s*(\d{1,2}):([0-5]\d)\s*$/.exec(text);
  if (clock) return Number(clock[1]) * 60 + Number(clock[2]);
  const hours = /^\s*(\d{1,2}(?:[.,]\d+)?)\s*$/.exec(text);
  return hours ? Math.round(Number(hours[1]!.replace(",", ".")) * 60) : undefined;
}

/** A time entry's form: person (blank: yourself), day, time as hours, task and note. */
export function timeEntryInput(form: FormData) {
  const text = textOf(form);
  return {
    ...(text("userId") ? { userId: text("userId") } : {}),
    date: text("date"),
    minutes: minutesOf(text("hours")),
    taskCode: text("taskCode"),
    note: text("note") ?? "",
  };
}

/** A whole number typed in a form, as a number; anything else is passed on for the schema to name. */
export const wholeNumber = (value: string | undefined) => (value !== undefined && /^\d+$/.test(value) ? Number(value) : value);

/**
 * A wait's start or the client's answer recorded late (ADR 041): the form's clock time is read in
 * the mandate's time zone, as its business days are, and sent on as an instant; blank is now. What
 * is no clock time goes on as typed, for the service to refuse by name.
 */
export function lateTimeOf(form: FormData, field: "since" | "answeredAt", timeZone: string): string | undefined {
  const typed = String(form.get(field) ?? "").trim();
  if (!typed) return undefined;
  return instantOfWallTime(typed, timeZone)?.toISOString() ?? typed;
}
