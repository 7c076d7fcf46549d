import type { Permission } from "./permissions";

/**
 * What every page, route handler and server action requires. This is the table the access tests drive:
 * `access-table.unit.test.ts` fails when a page, route or action exists without an entry here, and the
 * integration/e2e tests prove that each entry's allowed roles get in and the others get 403 or a redirect.
 *
 * "public": no sign-in (sign-in itself, health, provider webhooks verified by signature instead).
 * "signed-in": any signed-in user, whatever the role.
 */
export type Access = Permission | "public" | "signed-in";

/** Pages by URL path (route groups removed; dynamic segments as in the folder name, e.g. /invoices/[id]). */
export const PAGE_ACCESS: Record<string, Access> = {
  "/": "signed-in",
  "/login": "public",
  "/forbidden": "signed-in",
  "/board": "board.view",
  "/invoices": "invoices.view",
  "/invoices/[id]": "invoices.view",
  "/settings/mapping": "mapping.manage",
  "/overdue": "overdue.view",
  "/forecast": "forecast.view",
  "/partners": "partners.view",
  "/sync": "sync.view",
  "/settings": "settings.view",
  "/settings/connections": "connections.manage",
  "/settings/alerts": "settings.manage",
};

/** Route handlers by path and method. */
export const ROUTE_ACCESS: Record<string, Partial<Record<"GET" | "POST" | "PUT" | "PATCH" | "DELETE", Access>>> = {
  "/api/auth/[...nextauth]": { GET: "public", POST: "public" },
  "/api/health": { GET: "public" },
  "/api/webhooks/hubspot": { POST: "public" },
  "/api/oauth/hubspot/authorize": { GET: "connections.manage" },
  "/api/oauth/hubspot/callback": { GET: "connections.manage" },
  "/api/oauth/freee/authorize": { GET: "connections.manage" },
  "/api/oauth/freee/callback": { GET: "connections.manage" },
  "/api/oauth/moneyforward/authorize": { GET: "connections.manage" },
  "/api/oauth/moneyforward/callback": { GET: "connections.manage" },
  "/api/sync/health": { GET: "sync.view" },
  "/api/board": { GET: "board.view" },
  "/api/board/columns/[column]": { GET: "board.view" },
  "/api/board/timeline": { GET: "board.view" },
  "/api/overdue": { GET: "overdue.view" },
  "/api/overdue/export": { GET: "overdue.view" },
  "/api/overdue/follow-ups": { GET: "overdue.view" },
  "/api/forecast": { GET: "forecast.view" },
};

/** Server actions by "<file in lib/actions without .ts>#<export>". */
export const ACTION_ACCESS: Record<string, Access> = {
  "auth#signInWithPassword": "public",
  "auth#signOutUser": "public",
  "preferences#setLocale": "public",
  "users#createUserAction": "users.manage",
  "users#updateUserRolesAction": "users.manage",
  "users#setUserDisabledAction": "users.manage",
  "connections#connectPrivateAppAction": "connections.manage",
  "connections#connectSandboxAction": "connections.manage",
  "connections#disconnectConnectionAction": "connections.manage",
  "connections#syncNowAction": "sync.retry",
  "sync#retrySyncFailureAction": "sync.retry",
  "sync#syncConnectionNowAction": "sync.retry",
  "alerts#saveAlertChannelsAction": "settings.manage",
  "alerts#sendTestAlertAction": "settings.manage",
  "invoices#editDraftAction": "invoices.edit",
  "invoices#approveDraftsAction": "invoices.approve",
  "invoices#rejectDraftAction": "invoices.approve",
  "invoices#repostDraftAction": "invoices.post",
  "invoices#reopenDraftAction": "invoices.edit",
  "invoices#retryWriteBackAction": "invoices.post",
  "invoices#setFourEyesAction": "mapping.manage",
  "mapping-rules#saveMappingRulesAction": "mapping.manage",
  "mapping-rules#previewMappingRulesAction": "mapping.manage",
  "partners#runMatchingAction": "partners.review",
  "partners#confirmLinkAction": "partners.review",
  "partners#rejectLinkAction": "partners.review",
  "partners#linkPartnerAction": "partners.review",
  "partners#createPartnerAction": "partners.review",
  "partners#bulkConfirmAutoAction": "partners.review",
  "partners#retrySyncAction": "partners.review",
  "partners#searchPartnersAction": "partners.review",
  "overdue#recordFollowUpAction": "overdue.followUp",
};
