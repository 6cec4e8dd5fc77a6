import { SelectField } from "~/components/documents/fields";
import { organizationLabel } from "~/utils/format";

/** The KPI pages' "Client" filter: every client the viewer may see, or none shown when there is only their own. */
export function ClientFilterField({ clients, value }: { clients: ReadonlyArray<{ id: string; name: string; slug: string }>; value: string | undefined }) {
  if (!clients.length) return null;
  return (
    <SelectField
      label="Client"
      name="client"
      defaultValue={value ?? ""}
      options={[{ value: "", label: "Every client" }, ...clients.map((c) => ({ value: c.id, label: organizationLabel(c, clients) }))]}
    />
  );
}
