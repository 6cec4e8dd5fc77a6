import { fieldError } from "~/components/documents/fields";
import { FormField } from "~/components/form-field";

/** How many business days of the client's silence count as acceptance of a delivery (ADR 042): the new-mandate and details forms. */
export function DeemedAcceptanceField({ defaultValue, errors }: { defaultValue: number; errors: Parameters<typeof fieldError>[0] }) {
  return (
    <FormField
      label="Deemed accepted after (business days)"
      name="deemedAcceptanceBusinessDays"
      type="number"
      min={0}
      max={30}
      required
      defaultValue={String(defaultValue)}
      hint="A delivery the client neither accepts nor rejects counts as accepted this many business days after it (0–30)."
      error={fieldError(errors, "deemedAcceptanceBusinessDays")}
    />
  );
}
