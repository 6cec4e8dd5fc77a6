export { createCommentService, type CommentService, type ExportedThread } from "./service.ts";
export type { PresentedThread, PresentedComment, VisibilityOption } from "./presenter.ts";
export { commentAudienceOf, audienceSees, type CommentAudience, type ThreadVisibility } from "./visibility.ts";
export { createCommentStreams, type CommentStreams } from "./event-streams.ts";
