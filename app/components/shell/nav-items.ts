/** A section of the app: its path, its name, and the letter that follows "g" to go there. */
export type NavItem = { to: string; label: string; key: string };

/** What the signed-in person may do, as far as the shell's links and commands care (the shell's loader says). */
export type ShellAbilities = { isClient: boolean; manageMembers: boolean; createDocuments: boolean; createMandates: boolean };

const SECTIONS: readonly NavItem[] = [
  { to: "/library", label: "Library", key: "l" },
  { to: "/search", label: "Search", key: "s" },
  { to: "/mandates", label: "Mandates", key: "m" },
  { to: "/dashboard", label: "Dashboard", key: "d" },
  // A playbook's negotiated positions (ADR 037), beside the portfolio's KPIs.
  { to: "/analytics/positions", label: "Positions", key: "p" },
];

/**
 * The header's sections for this person: the one list the header, the drawer, the "g" shortcuts,
 * the shortcut sheet and the command palette all show.
 */
export function navItemsFor({ isClient, manageMembers }: Pick<ShellAbilities, "isClient" | "manageMembers">): NavItem[] {
  return [
    ...SECTIONS,
    // Reviews and review schedules are the provider's team's work (ADR 012).
    ...(isClient
      ? []
      : [
          { to: "/reviews", label: "Reviews", key: "r" },
          { to: "/trash", label: "Trash", key: "t" },
        ]),
    ...(manageMembers ? [{ to: "/admin", label: "Admin", key: "a" }] : []),
  ];
}
