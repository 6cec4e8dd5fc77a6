import type { Viewer } from "../auth/viewer.ts";
import { AppError } from "../errors.ts";
import type { PositionsView } from "./positions.ts";
import type { PresentedReviewFinding, PresentedReviewTrigger, ReviewTriggerService } from "./review-trigger-service.ts";
import type { KpiService } from "./service.ts";

export type PlaybookOutcomes = { positions: PositionsView; mayEdit: boolean; triggers: PresentedReviewTrigger[]; findings: PresentedReviewFinding[] };

/**
 * A playbook's Outcomes tab in one call: its positions figures with its review triggers and
 * findings, or null for someone who may not see findings (a client member reading a shared
 * playbook: the figures span every client, ADR 037).
 */
export function createPlaybookOutcomes({ kpis, reviewTriggers }: { kpis: Pick<KpiService, "positionsKpis">; reviewTriggers: Pick<ReviewTriggerService, "forPlaybook"> }) {
  return {
    async forPlaybook(viewer: Viewer, documentId: string): Promise<PlaybookOutcomes | null> {
      let rules;
      try {
        rules = await reviewTriggers.forPlaybook(viewer, documentId);
      } catch (error) {
        if (error instanceof AppError && error.status === 403) return null;
        throw error;
      }
      return { positions: await kpis.positionsKpis(viewer, { documentId }), ...rules };
    },
  };
}

export type PlaybookOutcomesService = ReturnType<typeof createPlaybookOutcomes>;
