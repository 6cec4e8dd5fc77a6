import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { NavLink, Outlet, useLoaderData, useNavigate } from "@remix-run/react";
import { useEffect, useMemo } from "react";
import { requireViewer } from "~/utils/auth.server";
import { keepOnlyLocalCopiesOf } from "~/components/editor/local-copies";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { GlobalSearch } from "~/components/search/global-search";
import { ShortcutSheet } from "~/components/shortcuts/shortcut-sheet";
import { SignOutForm } from "~/components/sign-out-form";
import searchStylesHref from "~/styles/search.css?url";
import { isTypingIn } from "~/utils/keyboard";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: searchStylesHref }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  const viewer = requireViewer(context, request);
  return { viewer: context.present.viewer(viewer), unreadNotifications: await context.services.notifications.unreadCount(viewer) };
}

const NAV = [
  { to: "/library", label: "Library", key: "l" },
  { to: "/search", label: "Search", key: "s" },
  { to: "/mandates", label: "Mandates", key: "m" },
  { to: "/dashboard", label: "Dashboard", key: "d" },
] as const;

/** "g" then a letter jumps between sections, as in most web apps people use daily ("?" lists them). */
function useGoToShortcuts(targets: { to: string; key: string }[]) {
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
      ...(isClient ? [] : [{ to: "/reviews", label: "Reviews", key: "r" } as const, { to: "/trash", label: "Trash", key: "t" } as const]),
      ...(manageMembers ? [{ to: "/admin", label: "Admin", key: "a" } as const] : []),
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
      <header className="topbar">
        <NavLink to="/library" className="brand">
          Precedent
        </NavLink>
        <nav aria-label="Main">
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
        <div className="account">
          <span className="account-name">
            {viewer.name}
            <span className="account-detail">
              {viewer.email}
              {organization ? ` · ${organization.organizationName}` : ""}
            </span>
          </span>
          <NotificationBell unread={unreadNotifications} />
          <NavLink to="/settings/tokens">API tokens</NavLink>
          <SignOutForm label="Sign out" />
        </div>
      </header>
      <main id="main" className="content" tabIndex={-1}>
        <Outlet />
      </main>
      <ShortcutSheet sections={nav} />
    </div>
  );
}

/** The inbox link with its unread count, said in full to screen readers ("Notifications, 3 unread"). */
function NotificationBell({ unread }: { unread: number }) {
  const label = unread === 0 ? "Notifications, none unread" : `Notifications, ${unread} unread`;
  return (
    <NavLink to="/notifications" className="bell" aria-label={label} title={label}>
      <svg aria-hidden="true" width="20" height="20" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2">
        <path d="M18 8a6 6 0 1 0-12 0c0 7-3 9-3 9h18s-3-2-3-9" />
        <path d="M13.7 21a2 2 0 0 1-3.4 0" />
      </svg>
      {unread > 0 ? (
        <span className="bell-count" aria-hidden="true">
          {unread > 99 ? "99+" : unread}
        </span>
      ) : null}
    </NavLink>
  );
}

export function ErrorBoundary() {
  return (
    <main className="content">
      <GeneralErrorBoundary />
    </main>
  );
}
