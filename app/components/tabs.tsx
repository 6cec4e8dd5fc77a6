import * as RadixTabs from "@radix-ui/react-tabs";
import type { ReactNode } from "react";

export type Tab = { value: string; label: ReactNode; content: ReactNode };

/**
 * Tabs on Radix (arrow keys between tabs, `aria-controls` wiring). Every panel stays mounted and
 * is only hidden when another is chosen, so nothing typed in one is lost by looking at another.
 */
export function Tabs({ label, tabs, value, onValueChange, className }: { label: string; tabs: Tab[]; value: string; onValueChange: (value: string) => void; className?: string }) {
  return (
    <RadixTabs.Root value={value} onValueChange={onValueChange} className={`tabs${className ? ` ${className}` : ""}`} activationMode="manual">
      <RadixTabs.List aria-label={label} className="tabs-list">
        {tabs.map((tab) => (
          <RadixTabs.Trigger key={tab.value} value={tab.value} className="tabs-trigger">
            {tab.label}
          </RadixTabs.Trigger>
        ))}
      </RadixTabs.List>
      {tabs.map((tab) => (
        <RadixTabs.Content key={tab.value} value={tab.value} forceMount hidden={tab.value !== value} className="tabs-panel">
          {tab.content}
        </RadixTabs.Content>
      ))}
    </RadixTabs.Root>
  );
}
