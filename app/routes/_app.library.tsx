import type { MetaFunction } from "@remix-run/node";
import { EmptyState } from "~/components/empty-state";

export const meta: MetaFunction = () => [{ title: "Library · Precedent" }];

export default function LibraryPage() {
  return (
    <>
      <h1>Library</h1>
      <EmptyState title="Nothing here yet">
        <p>The library holds your market playbooks, toolkits, templates and precedents. Documents arrive with the next release: until then, your administrator can invite the team.</p>
      </EmptyState>
    </>
  );
}
