import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";

const MESSAGES: Record<number, { title: string; body: string }> = {
  403: { title: "Not allowed", body: "You do not have permission to see this page." },
  404: { title: "Not found", body: "There is nothing at this address." },
};

/** One error view for every route: a clear title, what happened, and a way back. */
export function GeneralErrorBoundary() {
  const error = useRouteError();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const known = MESSAGES[status];
  const detail =
    isRouteErrorResponse(error) && typeof error.data === "object" && error.data && "error" in error.data
      ? String((error.data as { error: { message?: string } }).error.message ?? "")
      : "";
  return (
    <section className="card error-state" role="alert">
      <h1>{known?.title ?? "Something went wrong"}</h1>
      <p>{detail || known?.body || "An unexpected error occurred. Try again, and tell your administrator if it persists."}</p>
      <p>
        <Link to="/">Go to the library</Link>
      </p>
    </section>
  );
}
