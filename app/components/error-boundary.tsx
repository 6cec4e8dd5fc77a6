import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";

const MESSAGES: Record<number, { title: string; body: string }> = {
  403: { title: "Not allowed", body: "You do not have permission to see this page." },
  404: { title: "Not found", body: "There is nothing at this address." },
};

/** A route error as the server's JSON error shape says it: the status, and the code and message when it has them. */
export function routeErrorOf(error: unknown): { status: number; code?: string; message?: string } {
  if (!isRouteErrorResponse(error)) return { status: 500 };
  const body = typeof error.data === "object" && error.data && "error" in error.data ? (error.data as { error: { code?: string; message?: string } }).error : undefined;
  return { status: error.status, code: body?.code, message: body?.message };
}

/** One error view for every route: a clear title, what happened, and a way back. */
export function GeneralErrorBoundary() {
  const { status, message } = routeErrorOf(useRouteError());
  const known = MESSAGES[status];
  return (
    <section className="card error-state" role="alert">
      <h1>{known?.title ?? "Something went wrong"}</h1>
      <p>{message || known?.body || "An unexpected error occurred. Try again, and tell your administrator if it persists."}</p>
      <p>
        <Link to="/">Go to the library</Link>
      </p>
    </section>
  );
}
