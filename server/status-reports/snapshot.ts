import type { AssembledSection } from "./sections/section.ts";

/**
 * A report's whole content: what a released report keeps in `StatusReport.snapshot` (frozen) and
 * what a draft is assembled into on every view. The Word file, the print view and the pages all
 * read this one shape, so the record the client saw is what every download shows.
 */
export type ReportSnapshot = {
  mandate: { id: string; title: string; reference: string; clientName: string; currency: string };
  period: string;
  periodTitle: string;
  rag: "RED" | "AMBER" | "GREEN" | null;
  ragReasons: string;
  wentWell: string;
  wentBadly: string;
  nextSteps: string;
  sections: AssembledSection[];
  /** When the figures were read: the release, for a released report. */
  assembledAt: string;
  releasedAt: string | null;
  releasedBy: string | null;
};

export const RAG_LABELS = { RED: "Red", AMBER: "Amber", GREEN: "Green" } as const;
