import { describe, expect, test } from "vitest";
import { actionCommands, filterCommands, goToCommands, matchesQuery } from "./commands";

const labels = (commands: { label: string }[]) => commands.map((c) => c.label);

describe("the command palette's commands", () => {
  test("a client goes to the sections a client has, and may start nothing", () => {
    expect(labels(goToCommands({ isClient: true, manageMembers: false }))).toEqual([
      "Library",
      "Search",
      "Mandates",
      "Dashboard",
      "Positions",
      "Notifications",
      "API tokens and sessions",
    ]);
    expect(actionCommands({ createDocuments: false, createMandates: false })).toEqual([]);
  });

  test("an admin also has Reviews, Trash and Admin, each with its g shortcut", () => {
    const goTo = goToCommands({ isClient: false, manageMembers: true });
    expect(labels(goTo)).toEqual(["Library", "Search", "Mandates", "Dashboard", "Positions", "Reviews", "Trash", "Admin", "Notifications", "API tokens and sessions"]);
    expect(goTo.find((c) => c.label === "Admin")).toMatchObject({ to: "/admin", shortcut: "g then a" });
  });

  test("actions follow the create rules: documents and imports together, mandates on their own", () => {
    expect(labels(actionCommands({ createDocuments: true, createMandates: false }))).toEqual(["New document", "Import Markdown or Word files"]);
    expect(actionCommands({ createDocuments: false, createMandates: true })).toEqual([
      expect.objectContaining({ label: "New mandate", to: "/mandates/new" }),
    ]);
  });

  test("a query matches when every word starts a word of the label or a keyword, in any order", () => {
    expect(matchesQuery(["New mandate"], "new mandate")).toBe(true);
    expect(matchesQuery(["New mandate"], "MAN ne")).toBe(true);
    expect(matchesQuery(["New mandate"], "date")).toBe(false);
    expect(matchesQuery(["New mandate"], "new document")).toBe(false);
    expect(matchesQuery(["Anything"], "   ")).toBe(true);
    const all = [...goToCommands({ isClient: false, manageMembers: true }), ...actionCommands({ createDocuments: true, createMandates: true })];
    expect(labels(filterCommands(all, "inbox"))).toEqual(["Notifications"]);
    expect(labels(filterCommands(all, "upload"))).toEqual(["Import Markdown or Word files"]);
    expect(labels(filterCommands(all, "new"))).toEqual(["New document", "New mandate"]);
  });
});
