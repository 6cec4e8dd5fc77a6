import { data } from "@remix-run/node";

export type ActionErrors = { formError?: string; fieldErrors?: Record<string, string> };

type AppErrorLike = {
  status: number;
  code: string;
  message: string;
  expose: boolean;
  details?: { issues?: { path: string; message: string }[]; retryAfterSeconds?: number };
};

function isAppError(error: unknown): error is AppErrorLike {
  return !!error && typeof error === "object" && "status" in error && "code" in error && "expose" in error;
}

/** A 400 invalid_request: a loader given a hand-edited URL with bad filters shows the page without them. */
export const isInvalidRequest = (error: unknown): boolean => isAppError(error) && error.code === "invalid_request";

/**
 * Turns a service's AppError into what a form shows: a message per field for errors that name
 * fields, one message for the rest. Anything else is a bug and goes on to the boundary.
 */
export function actionError(error: unknown) {
  if (!isAppError(error)) throw error;
  const errors: ActionErrors = {};
  // Any refusal that names fields (400 invalid_request, 422 backdate_reason_required…) is shown beside them.
  if (error.details?.issues?.length) {
    errors.fieldErrors = {};
    for (const issue of error.details.issues) errors.fieldErrors[issue.path || "form"] ??= issue.message;
  } else {
    errors.formError = error.expose ? error.message : "Something went wrong on our side. Try again.";
  }
  const headers: Record<string, string> = {};
  if (error.details?.retryAfterSeconds) headers["Retry-After"] = String(error.details.retryAfterSeconds);
  return data({ ok: false as const, errors }, { status: error.status, headers });
}

/** An `intent` the action does not know: a 400, shown like any other form error. */
export function unknownIntent() {
  const errors: ActionErrors = { formError: "Unknown action." };
  return data({ ok: false as const, errors }, { status: 400 });
}
