/** A section of the app: its path, its name, and the letter that follows "g" to go there. */
export type NavItem = { to: string; label: string; key: string };
