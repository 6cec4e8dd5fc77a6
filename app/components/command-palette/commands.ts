import { navItemsFor, type ShellAbilities } from "~/components/shell/nav-items";

/** A place the palette goes to: a section, or the page that starts an action. */
export type PaletteCommand = {
  id: string;
  label: string;
  to: string;
  /** Other words that find it ("inbox" finds Notifications). */
  keywords: readonly string[];
  /** Its keyboard shortcut, shown beside it ("g then l"). */
  shortcut?: string;
};

/** "Go to": the header's sections (one definition, nav-items.ts), then the inbox and the account's page. */
export function goToCommands(abilities: Pick<ShellAbilities, "isClient" | "manageMembers">): PaletteCommand[] {
  return [
    ...navItemsFor(abilities).map((item) => ({ id: `go:${item.to}`, label: item.label, to: item.to, keywords: [], shortcut: `g then ${item.key}` })),
    { id: "go:/notifications", label: "Notifications", to: "/notifications", keywords: ["inbox"] },
    { id: "go:/settings/tokens", label: "API tokens and sessions", to: "/settings/tokens", keywords: ["account", "sign out everywhere"] },
  ];
}

/**
 * "Actions": what this person may start, by the rules the pages themselves apply (the library's
 * "New document" and "Import files", the mandates list's "New mandate").
 */
export function actionCommands({ createDocuments, createMandates }: Pick<ShellAbilities, "createDocuments" | "createMandates">): PaletteCommand[] {
  return [
    ...(createDocuments
      ? [
          {
            id: "action:new-document",
            label: "New document",
            to: "/library/new",
            keywords: ["create", "playbook", "precedent", "template", "toolkit"],
          },
          { id: "action:import", label: "Import Markdown or Word files", to: "/library/import", keywords: ["upload", "docx", "files"] },
        ]
      : []),
    ...(createMandates ? [{ id: "action:new-mandate", label: "New mandate", to: "/mandates/new", keywords: ["create", "matter"] }] : []),
  ];
}

const wordsOf = (text: string) =>
  text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);

/**
 * Whether every word typed starts a word of one of `texts`, ignoring case and order: "new man"
 * finds "New mandate", "doc" finds "New document", "ate" finds nothing. The same rule the
 * library's title search follows, so the palette's own entries and its documents agree.
 */
export function matchesQuery(texts: readonly string[], query: string): boolean {
  const wanted = wordsOf(query);
  const words = texts.flatMap(wordsOf);
  return wanted.every((w) => words.some((word) => word.startsWith(w)));
}

/** The commands that match what is typed (all of them when nothing is). */
export const filterCommands = (commands: readonly PaletteCommand[], query: string) =>
  commands.filter((c) => matchesQuery([c.label, ...c.keywords], query));
