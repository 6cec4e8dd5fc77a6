export { createAuthService, type AuthService, type Authenticated } from "./service.ts";
export { can, authorize, abilities, type Action, type Resource } from "./policy.ts";
export { type Viewer, type Role } from "./viewer.ts";
export * from "./schema.ts";
export {
  presentViewer,
  presentApiToken,
  presentSession,
  presentOrganization,
  presentOrganizationDetail,
  type PresentedViewer,
  type PresentedApiToken,
  type PresentedSession,
  type PresentedOrganization,
  type PresentedOrganizationDetail,
} from "./presenter.ts";
