import * as DropdownMenu from "@radix-ui/react-dropdown-menu";
import { Link } from "@remix-run/react";
import { useSignOut } from "~/components/sign-out-form";

type AccountMenuProps = { name: string; email: string; organizationName?: string };

/** Up to two initials of a person's name, for the account button. */
function initialsOf(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? [words[0]!, words.at(-1)!] : words.slice(0, 1);
  return letters.map((w) => [...w][0]!.toUpperCase()).join("") || "?";
}

/** Who is signed in, and their account's pages and sign-out, behind one button in the header. */
export function AccountMenu({ name, email, organizationName }: AccountMenuProps) {
  const { signOut } = useSignOut();
  return (
    // Not modal: a modal menu hides the rest of the page with aria-hidden while its links stay
    // focusable (axe-core's aria-hidden-focus). The menu still keeps Tab inside and closes on Escape
    // or a click outside.
    <DropdownMenu.Root modal={false}>
      <DropdownMenu.Trigger className="account-button" aria-label={`Account: ${name}`}>
        <span className="avatar" aria-hidden="true">
          {initialsOf(name)}
        </span>
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content className="menu" align="end" sideOffset={6}>
          <DropdownMenu.Label className="menu-label">
            <span className="menu-label-name">{name}</span>
            <span className="menu-label-detail">{email}</span>
            {organizationName ? <span className="menu-label-detail">{organizationName}</span> : null}
          </DropdownMenu.Label>
          <DropdownMenu.Separator className="menu-separator" />
          <DropdownMenu.Item className="menu-item" asChild>
            <Link to="/settings/account">Account</Link>
          </DropdownMenu.Item>
          <DropdownMenu.Item className="menu-item" asChild>
            <Link to="/settings/tokens">API tokens</Link>
          </DropdownMenu.Item>
          <DropdownMenu.Item className="menu-item" onSelect={() => signOut()}>
            Sign out
          </DropdownMenu.Item>
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}
