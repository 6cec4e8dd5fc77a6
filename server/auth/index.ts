export { createAuthService, type AuthService, type Authenticated } from "./service.ts";
export { can, authorize, abilities, type Action, type Resource } from "./policy.ts";
export { type Viewer, type Role } from "./viewer.ts";
export * from "./schema.ts";
export { presentViewer, presentApiToken, type PresentedViewer, type PresentedApiToken } from "./presenter.ts";
