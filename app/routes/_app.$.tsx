import type { MetaFunction } from "@remix-run/node";
import { GeneralErrorBoundary } from "~/components/error-boundary";

export const meta: MetaFunction = () => [{ title: "Not found · Precedent" }];

/**
 * Every address no other route has. Under the app shell's layout, a signed-in person's 404 is
 * shown inside the shell, navigation and search still there (a signed-out person is sent to
 * sign in first, by the shell's loader); thrown as a response, so it is a page, not a logged
 * error.
 */
export function loader(): never {
  throw new Response("Not found", { status: 404 });
}

/** Never rendered (the loader always throws), but without a component this would be a resource route, answered outside the shell. */
export default function NotFound() {
  return null;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
