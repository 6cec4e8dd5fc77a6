import type { ActionFunctionArgs } from "@remix-run/node";
import { actionError, unknownIntent } from "~/utils/action-error.server";
import { requireViewer } from "~/utils/auth.server";

/**
 * A playbook's review triggers and findings, changed from its Outcomes panel and the Reviews page
 * (ADR 037): add a rule or the NDA preset, remove a rule, dismiss a finding. The forms post here
 * through a fetcher, so the page they are on reloads its data and stays where it was.
 */
export async function action({ context, request }: ActionFunctionArgs) {
  const viewer = requireViewer(context, request);
  const triggers = context.services.reviewTriggers;
  const form = await request.formData();
  const text = (name: string) => {
    const value = form.get(name);
    return typeof value === "string" ? value : undefined;
  };
  const intent = text("intent");
  try {
    switch (intent) {
      case "add-preset":
        await triggers.addTrigger(viewer, text("documentId"), { preset: "fallback-third" });
        return { ok: true as const, intent, message: "Rule added: the same fallback on more than a third of deals in a quarter." };
      case "add-rule": {
        const kind = text("kind");
        const rule =
          kind === "RED_LINE_IN_MONTH"
            ? { kind, clauseId: text("clauseId"), minimumCount: text("minimumCount") }
            : { kind, clauseId: text("clauseId"), fallbackIndex: text("fallbackIndex"), sharePercent: text("sharePercent"), minimumDeals: text("minimumDeals") };
        await triggers.addTrigger(viewer, text("documentId"), rule);
        return { ok: true as const, intent, message: "Rule added." };
      }
      case "remove-rule":
        await triggers.removeTrigger(viewer, text("documentId"), text("triggerId"));
        return { ok: true as const, intent, message: "Rule removed." };
      case "dismiss-finding":
        await triggers.dismissFinding(viewer, text("findingId"));
        return { ok: true as const, intent, message: "Finding dismissed." };
      default:
        return unknownIntent();
    }
  } catch (error) {
    return actionError(error);
  }
}
