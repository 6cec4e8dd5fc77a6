export { createNotificationService, type NotificationService } from "./service.ts";
export { enqueueEmail, type OutgoingMail } from "./outbox.ts";
export { enqueueInvitationEmail, type InvitationMail } from "./invitation-mail.ts";
export { notifyOnce, type NotificationInput } from "./notify.ts";
export { presentNotification, type PresentedNotification } from "./presenter.ts";
