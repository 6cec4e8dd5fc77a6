import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { NavLink, Outlet, useLoaderData, useNavigate } from "@remix-run/react";
import { useEffect, useMemo, useState } from "react";
import { requireViewer } from "~/utils/auth.server";
import { CommandPalette, usePaletteShortcut } from "~/components/command-palette/command-palette";
import { keepOnlyLocalCopiesOf } from "~/components/editor/local-copies";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { GlobalSearch } from "~/components/search/global-search";
import { AccountMenu } from "~/components/shell/account-menu";
import { MobileNav } from "~/components/shell/mobile-nav";
import { navItemsFor, type NavItem, type ShellAbilities } from "~/components/shell/nav-items";
import { NotificationBell } from "~/components/shell/notification-bell";
import { ShortcutSheet } from "~/components/shortcuts/shortcut-sheet";
import { Toaster } from "~/components/toast/toaster";
import searchStylesHref from "~/styles/search.css?url";
import { isTypingIn } from "~/utils/keyboard";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: searchStylesHref }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  const viewer = requireViewer(context, request);
  const presented = context.present.viewer(viewer);
  const abilities: ShellAbilities = {
    ...presented.abilities,
    // The library's and the mandates list's own rules for their "New" buttons, for the command palette.
    createDocuments: context.services.documents.canCreate(viewer),
    createMandates: context.services.mandates.canCreate(viewer),
  };
  return {
    viewer: presented,
    abilities,
    unreadNotifications: await context.services.notifications.unreadCount(viewer),
  };
}

/** "g" then a letter jumps between sections, as in most web apps people use daily ("?" lists them). */
function useGoToShortcuts(targets: readonly NavItem[]) {
  const navigate = useNavigate();
  useEffect(() => {
    let pendingG = 0;
    const onKey = (e: KeyboardEvent) => {
      if (e.metaKey || e.ctrlKey || e.altKey || isTypingIn(e.target)) return;
      if (e.key === "g") {
        pendingG = Date.now();
        return;
      }
      const target = Date.now() - pendingG < 1000 ? targets.find((x) => x.key === e.key) : undefined;
      pendingG = 0;
      if (target) {
        e.preventDefault();
        navigate(target.to);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [navigate, targets]);
}

export default function AppShell() {
  const { viewer, abilities, unreadNotifications } = useLoaderData<typeof loader>();
  const organization = viewer.memberships[0];
  const { isClient, manageMembers } = abilities;
  // One list per set of abilities, so the shortcuts' listener is not replaced on every render.
  const nav = useMemo(() => navItemsFor({ isClient, manageMembers }), [isClient, manageMembers]);
  useGoToShortcuts(nav);
  const [paletteOpen, setPaletteOpen] = useState(false);
  usePaletteShortcut(setPaletteOpen);
  // Offline copies of documents are the signed-in person's only: drop anyone else's (local-copies.ts).
  useEffect(() => {
    void keepOnlyLocalCopiesOf(viewer.id);
  }, [viewer.id]);
  return (
    <Toaster>
      <div className="shell">
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <header className="app-header">
          <MobileNav items={nav} />
          <NavLink to="/library" className="brand">
            Precedent
          </NavLink>
          <nav aria-label="Main" className="app-nav">
            <ul>
              {nav.map((item) => (
                <li key={item.to}>
                  <NavLink to={item.to} title={`g then ${item.key}`}>
                    {item.label}
                  </NavLink>
                </li>
              ))}
            </ul>
          </nav>
          <GlobalSearch onOpenPalette={() => setPaletteOpen(true)} />
          <div className="app-header-end">
            <NotificationBell unread={unreadNotifications} />
            <AccountMenu name={viewer.name} email={viewer.email} organizationName={organization?.organizationName} />
          </div>
        </header>
        <main id="main" className="content" tabIndex={-1}>
          <Outlet />
        </main>
        <ShortcutSheet sections={nav} />
        <CommandPalette open={paletteOpen} onOpenChange={setPaletteOpen} abilities={abilities} />
      </div>
    </Toaster>
  );
}

export function ErrorBoundary() {
  return (
    <main className="content">
      <GeneralErrorBoundary />
    </main>
  );
}
