import type { Db } from "../db/database.ts";
import { createBreakGlassService } from "./break-glass.ts";
import { createWallService, type OnAccessChanged } from "./walls.ts";

export { createWallService, type WallService, type WallRow, type OnAccessChanged } from "./walls.ts";
export { createBreakGlassService, type BreakGlassService, type BreakGlassTarget, type BreakGlassGrantRow } from "./break-glass.ts";
export { presentWall, presentBreakGlassGrant, type PresentedWall, type PresentedBreakGlassGrant } from "./presenter.ts";
export * from "./schema.ts";

/** Client confidentiality's commands (ADR 013): ethical walls and the break-glass step. */
export function createAccessService(deps: { db: Db; onAccessChanged?: OnAccessChanged; now?: () => Date }) {
  return { walls: createWallService(deps), breakGlass: createBreakGlassService(deps) };
}
export type AccessService = ReturnType<typeof createAccessService>;
