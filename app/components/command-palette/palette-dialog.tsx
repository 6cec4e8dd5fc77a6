import * as Dialog from "@radix-ui/react-dialog";
import { Command } from "cmdk";
import type { ReactNode } from "react";
import type { useFocusReturn } from "~/utils/keyboard";
import { PALETTE_QUERY_MAX_LENGTH } from "./palette-search";

type PaletteDialogProps = {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** The dialog's name, read by screen readers. */
  title: string;
  /** The list box's name. */
  label: string;
  placeholder: string;
  typed: string;
  onTypedChange: (typed: string) => void;
  /** The entry Enter takes. */
  selected: string;
  onSelectedChange: (value: string) => void;
  /** Announced under the box: nothing found, an error, what is going on. */
  status: ReactNode;
  statusIsError?: boolean;
  listLabel: string;
  /** What Enter does, in the key hint: "go", "insert". */
  enterDoes: string;
  focusReturn: ReturnType<typeof useFocusReturn>;
  children: ReactNode;
};

/**
 * A cmdk palette in a Radix dialog (the command palette and the editor's clause palette): the
 * search engine or our own rule ranks, so cmdk does not filter; it keeps the keyboard and the
 * ARIA. Escape closes and gives focus back to where it was.
 */
export function PaletteDialog(props: PaletteDialogProps) {
  const { focusReturn } = props;
  return (
    <Dialog.Root open={props.open} onOpenChange={props.onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content
          className="command-palette"
          aria-describedby={undefined}
          onOpenAutoFocus={focusReturn.onOpenAutoFocus}
          onCloseAutoFocus={focusReturn.onCloseAutoFocus}
        >
          <Dialog.Title className="visually-hidden">{props.title}</Dialog.Title>
          <Command label={props.label} shouldFilter={false} vimBindings={false} loop value={props.selected} onValueChange={props.onSelectedChange}>
            <Command.Input
              className="command-palette-input"
              value={props.typed}
              onValueChange={props.onTypedChange}
              placeholder={props.placeholder}
              maxLength={PALETTE_QUERY_MAX_LENGTH}
            />
            <p className={`command-palette-status${props.statusIsError ? " form-error" : ""}`} role="status">
              {props.status}
            </p>
            <Command.List className="command-palette-list" label={props.listLabel}>
              {props.children}
            </Command.List>
            <p className="command-palette-keys" aria-hidden="true">
              <kbd>↑</kbd> <kbd>↓</kbd> to move · <kbd>Enter</kbd> to {props.enterDoes} · <kbd>Esc</kbd> to close
            </p>
          </Command>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
