import { describe, expect, test } from "vitest";
import { DeliverableUpdateSchema, DeliverablesFromToolkitSchema, MandateUpdateSchema } from "../../server/mandates/schema.ts";
import { deliverableEditInput, fromToolkitInput, mandateCreateInput, mandateUpdateInput, minutesOf, parseServiceLevels, serviceLevelsText, timeEntryInput } from "./mandate-forms.server.ts";

const formOf = (entries: [string, string][]) => {
  const form = new FormData();
  for (const [k, v] of entries) form.append(k, v);
  return form;
};

describe("mandate forms", () => {
  test("service levels: one 'type: days' a line, round-tripped; a line without days is left for the service to refuse", () => {
    expect(parseServiceLevels("NDA review: 3\n\n  Board minutes : 10 \r\n")).toEqual([
      { deliverableType: "NDA review", turnaroundBusinessDays: 3 },
      { deliverableType: "Board minutes", turnaroundBusinessDays: 10 },
    ]);
    expect(parseServiceLevels("Time: of day: 2")).toEqual([{ deliverableType: "Time: of day", turnaroundBusinessDays: 2 }]);
    expect(parseServiceLevels("NDA review")).toEqual([{ deliverableType: "NDA review", turnaroundBusinessDays: undefined }]);
    expect(parseServiceLevels("NDA review: soon")).toEqual([{ deliverableType: "NDA review", turnaroundBusinessDays: "soon" }]);
    expect(parseServiceLevels(undefined)).toBeUndefined();
    expect(serviceLevelsText([{ deliverableType: "NDA review", turnaroundBusinessDays: 3 }])).toBe("NDA review: 3");
  });

  test("a new mandate: blanks are not sent (a previous mandate's values stand), an empty team is kept only without one", () => {
    const blank = mandateCreateInput(formOf([["title", "T"], ["budget", " "], ["fromMandateId", "m1"]]));
    expect(blank).toMatchObject({ title: "T", budget: undefined, memberIds: undefined, fromMandateId: "m1" });
    expect(mandateCreateInput(formOf([["title", "T"]])).memberIds).toEqual([]);
    expect(mandateCreateInput(formOf([["memberIds", "a"], ["memberIds", "b"]])).memberIds).toEqual(["a", "b"]);
  });

  test("an edit clears what is blanked: description, target date, service levels", () => {
    expect(mandateUpdateInput(formOf([["description", ""], ["targetDate", ""], ["serviceLevels", ""]]))).toMatchObject({
      description: "",
      targetDate: null,
      serviceLevels: [],
    });
  });

  test("a blank owner or due date clears it; effort is not edited here (time entries, ADR 039)", () => {
    expect(deliverableEditInput(formOf([["effortHours", "1.5"], ["ownerId", ""], ["dueDate", ""], ["fee", "100"]]))).toEqual({
      ownerId: null,
      dueDate: null,
      fee: "100",
    });
  });

  test("deliverables from a toolkit: the ticked suggestions and the shared defaults", () => {
    expect(fromToolkitInput(formOf([["toolkitId", "t"], ["documentIds", "a"], ["documentIds", "b"], ["dueDate", "2026-12-01"]]))).toEqual({
      fromToolkit: { toolkitId: "t", documentIds: ["a", "b"], ownerId: undefined, dueDate: "2026-12-01", fee: undefined },
    });
  });

  test("what the forms send passes the service's own strict schemas", () => {
    const mandate = mandateUpdateInput(
      formOf([
        ["title", "T"],
        ["reference", "R-1"],
        ["description", ""],
        ["projectManagerId", "cm0000000000000000000000a"],
        ["pricingModel", "CAPPED"],
        ["currency", "eur"],
        ["budget", "1,000.00"],
        ["startDate", "2026-01-05"],
        ["targetDate", ""],
        ["serviceLevels", "NDA review: 3"],
      ]),
    );
    expect(MandateUpdateSchema.safeParse(mandate).error?.issues).toBeUndefined();
    const edit = deliverableEditInput(formOf([["fee", "10"], ["ownerId", ""], ["dueDate", "2026-02-01"]]));
    expect(DeliverableUpdateSchema.safeParse(edit).error?.issues).toBeUndefined();
    const fromToolkit = fromToolkitInput(formOf([["toolkitId", "cm0000000000000000000000b"], ["documentIds", "cm0000000000000000000000c"]]));
    expect(DeliverablesFromToolkitSchema.safeParse(fromToolkit).error?.issues).toBeUndefined();
  });

  test("time is written in hours or hours and minutes, and kept in minutes (ADR 039)", () => {
    expect(["1.5", "0,25", "1:30", " 2 ", "0:05"].map(minutesOf)).toEqual([90, 15, 90, 120, 5]);
    expect(["", "lots", "1:75", "-1", "1.5h"].map(minutesOf)).toEqual([undefined, undefined, undefined, undefined, undefined]);
    expect(timeEntryInput(formOf([["userId", ""], ["date", "2026-04-01"], ["hours", "0:45"], ["taskCode", "review"], ["note", ""]]))).toEqual({
      date: "2026-04-01",
      minutes: 45,
      taskCode: "review",
      note: "",
    });
  });
});
