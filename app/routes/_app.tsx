import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { NavLink, Outlet, useLoaderData, useNavigate } from "@remix-run/react";
import { useEffect, useMemo } from "react";
import { requireViewer } from "~/utils/auth.server";
import { keepOnlyLocalCopiesOf } from "~/components/editor/local-copies";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { GlobalSearch } from "~/components/search/global-search";
import { AccountMenu } from "~/components/shell/account-menu";
import { MobileNav } from "~/components/shell/mobile-nav";
import type { NavItem } from "~/components/shell/nav-items";
import { NotificationBell } from "~/components/shell/notification-bell";
import { ShortcutSheet } from "~/components/shortcuts/shortcut-sheet";
import searchStylesHref from "~/styles/search.css?url";
import { isTypingIn } from "~/utils/keyboard";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: searchStylesHref }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  const viewer = requireViewer(context, request);
  return { viewer: context.present.viewer(viewer), unreadNotifications: await context.services.notifications.unreadCount(viewer) };
}

const NAV: readonly NavItem[] = [
  { to: "/library", label: "Library", key: "l" },
  { to: "/search", label: "Search", key: "s" },
  { to: "/mandates", label: "Mandates", key: "m" },
  { to: "/dashboard", label: "Dashboard", key: "d" },
];

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
  const { viewer, unreadNotifications } = useLoaderData<typeof loader>();
  const organization = viewer.memberships[0];
  const { isClient, manageMembers } = viewer.abilities;
  // One list per set of abilities, so the shortcuts' listener is not replaced on every render.
  const nav = useMemo(
    () => [
      ...NAV,
      // Reviews and review schedules are the provider's team's work (ADR 012).
      ...(isClient ? [] : [{ to: "/reviews", label: "Reviews", key: "r" }, { to: "/trash", label: "Trash", key: "t" }]),
      ...(manageMembers ? [{ to: "/admin", label: "Admin", key: "a" }] : []),
    ],
    [isClient, manageMembers],
  );
  useGoToShortcuts(nav);
  // Offline copies of documents are the signed-in person's only: drop anyone else's (local-copies.ts).
  useEffect(() => {
    void keepOnlyLocalCopiesOf(viewer.id);
  }, [viewer.id]);
  return (
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
        <GlobalSearch />
        <div className="app-header-end">
          <NotificationBell unread={unreadNotifications} />
          <AccountMenu name={viewer.name} email={viewer.email} organizationName={organization?.organizationName} />
        </div>
      </header>
      <main id="main" className="content" tabIndex={-1}>
        <Outlet />
      </main>
      <ShortcutSheet sections={nav} />
    </div>
  );
}

export function ErrorBoundary() {
  return (
    <main className="content">
      <GeneralErrorBoundary />
    </main>
  );
}
