/** Headline numbers above a dashboard's charts: a <dl>, so each figure is read with its name. */
export function KpiFigures({ figures }: { figures: { label: string; value: string; hint?: string }[] }) {
  return (
    <dl className="kpi-figures">
      {figures.map((f) => (
        <div key={f.label}>
          <dt>{f.label}</dt>
          <dd>{f.value}</dd>
          {f.hint ? <dd className="hint">{f.hint}</dd> : null}
        </div>
      ))}
    </dl>
  );
}

/** 150 (hundredths, integers from the server) → "1.50"; null → "no data". */
export function formatHundredths(value: number | null): string {
  if (value === null) return "no data";
  const sign = value < 0 ? "-" : "";
  const abs = Math.abs(value);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}
