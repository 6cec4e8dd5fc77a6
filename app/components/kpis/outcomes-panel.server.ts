import type { AppLoadContext } from "@remix-run/node";
import type { Viewer } from "../../../server/auth/viewer.ts";
import type { OutcomesPanelData } from "./outcomes-panel";

/**
 * A playbook's Outcomes tab data, or null for anyone who may not see review findings (a client
 * member reading a shared playbook: the figures span every client). ADR 037.
 */
export async function loadOutcomesPanel(context: AppLoadContext, viewer: Viewer, documentId: string): Promise<OutcomesPanelData | null> {
  const { kpis, reviewTriggers } = context.services;
  let rules;
  try {
    rules = await reviewTriggers.forPlaybook(viewer, documentId);
  } catch (error) {
    if (error && typeof error === "object" && "status" in error && error.status === 403) return null;
    throw error;
  }
  const positions = await kpis.positionsKpis(viewer, { documentId });
  return { positions, ...rules };
}
