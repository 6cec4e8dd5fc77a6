import * as Toast from "@radix-ui/react-toast";
import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from "react";

/** How long a toast stays (Radix pauses the clock while it is hovered or focused, or the window is in the background). */
const TOAST_DURATION_MS = 6000;

type ShowToast = (message: string) => void;

const ToastContext = createContext<ShowToast | null>(null);

/**
 * The app shell's toasts: short confirmations ("Role changed.") at the corner of the screen,
 * which a screen reader announces politely (a "background" toast in Radix's terms) and F8 reaches.
 * Mounted once in the shell; pages show one with useToast().
 */
export function Toaster({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<{ id: number; message: string; open: boolean }[]>([]);
  const nextId = useRef(0);
  const show = useCallback<ShowToast>((message) => {
    const id = ++nextId.current;
    setToasts((all) => [...all.filter((t) => t.open), { id, message, open: true }]);
  }, []);
  const close = (id: number) => setToasts((all) => all.map((t) => (t.id === id ? { ...t, open: false } : t)));
  return (
    <ToastContext.Provider value={show}>
      <Toast.Provider label="Message" duration={TOAST_DURATION_MS}>
        {children}
        {toasts.map((t) => (
          <Toast.Root key={t.id} className="toast" type="background" open={t.open} onOpenChange={(open) => (open ? undefined : close(t.id))}>
            <Toast.Description className="toast-message">{t.message}</Toast.Description>
            <Toast.Close className="icon-button toast-close" aria-label="Dismiss">
              <svg aria-hidden="true" width="16" height="16" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2">
                <path d="M6 6l12 12M18 6L6 18" />
              </svg>
            </Toast.Close>
          </Toast.Root>
        ))}
        <Toast.Viewport className="toast-viewport" label="Messages ({hotkey})" />
      </Toast.Provider>
    </ToastContext.Provider>
  );
}

/** Shows a toast. Only inside the app shell, which mounts the Toaster. */
export function useToast(): ShowToast {
  const show = useContext(ToastContext);
  if (!show) throw new Error("useToast is used outside the app shell's <Toaster>.");
  return show;
}

/**
 * A toast for each new form result that has a message: `result` is the action's data, a new
 * object per submission, so the same words twice ("Role changed.", then again) show twice.
 */
export function useToastFor<T>(result: T | undefined, messageOf: (result: T) => string | undefined) {
  const show = useToast();
  const messageRef = useRef(messageOf);
  messageRef.current = messageOf;
  useEffect(() => {
    const message = result === undefined ? undefined : messageRef.current(result);
    if (message) show(message);
  }, [result, show]);
}
