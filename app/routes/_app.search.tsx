import type { MetaFunction } from "@remix-run/node";
import { EmptyState } from "~/components/empty-state";

export const meta: MetaFunction = () => [{ title: "Search · Precedent" }];

export default function SearchPage() {
  return (
    <>
      <h1>Search</h1>
      <EmptyState title="Nothing here yet">
        <p>Search across precedents, playbooks and clauses arrives with the search release.</p>
      </EmptyState>
    </>
  );
}
