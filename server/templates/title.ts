import { DOCUMENT_TITLE_MAX_LENGTH } from "../config.ts";

/**
 * The title a generated document gets unless the user gives one: the template's title and what
 * it was made for, so the library never lists it beside its template under the same name. That is
 * the deliverable, unless the deliverable is named after the template (as those a toolkit suggests
 * are): then the client and the mandate's reference.
 */
export function generatedTitle(template: { title: string }, made: { deliverableTitle: string; clientName: string; mandateReference: string }): string {
  const same = made.deliverableTitle.trim().toLowerCase() === template.title.trim().toLowerCase();
  const suffix = ` – ${same ? `${made.clientName}, ${made.mandateReference}` : made.deliverableTitle.trim()}`;
  // What it was made for is the distinct part: a long template title gives way.
  const room = Math.max(DOCUMENT_TITLE_MAX_LENGTH - suffix.length, 1);
  const head = template.title.trim().length > room ? `${template.title.trim().slice(0, room - 1).trimEnd()}…` : template.title.trim();
  return `${head}${suffix}`.slice(0, DOCUMENT_TITLE_MAX_LENGTH);
}
