/** What a page shows when there is nothing yet: what this place is for and what comes next. */
export function EmptyState({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section className="empty-state">
      <h2>{title}</h2>
      <div>{children}</div>
    </section>
  );
}
