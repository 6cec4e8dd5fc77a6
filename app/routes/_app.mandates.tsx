import type { MetaFunction } from "@remix-run/node";
import { EmptyState } from "~/components/empty-state";

export const meta: MetaFunction = () => [{ title: "Mandates · Precedent" }];

export default function MandatesPage() {
  return (
    <>
      <h1>Mandates</h1>
      <EmptyState title="Nothing here yet">
        <p>Mandates, their deliverables and KPIs arrive with the mandates release.</p>
      </EmptyState>
    </>
  );
}
