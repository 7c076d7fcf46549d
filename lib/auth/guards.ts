import "server-only";
import { redirect } from "next/navigation";
import { z } from "zod";
import { loadMessages } from "@/lib/i18n/messages";
import { getRequestLocale } from "@/lib/i18n/request-locale";
import { can, type Permission } from "./permissions";
import { getCurrentUser, type SessionUser } from "./session";

/** Pages: signed out → /login; signed in without the permission → /forbidden. */
export async function requirePermission(permission: Permission, from?: string): Promise<SessionUser> {
  const user = await getCurrentUser();
  if (!user) redirect(from ? `/login?callbackUrl=${encodeURIComponent(from)}` : "/login");
  if (!can(user.roles, permission)) redirect("/forbidden");
  return user;
}

/** Pages that only need a signed-in user. */
export async function requireUser(from?: string): Promise<SessionUser> {
  const user = await getCurrentUser();
  if (!user) redirect(from ? `/login?callbackUrl=${encodeURIComponent(from)}` : "/login");
  return user;
}

type RouteContext<P> = { params: Promise<P> };

/** Route handlers: 401 signed out, 403 without the permission, otherwise the handler runs with the user. */
export function withPermission<P = Record<string, string>>(
  permission: Permission,
  handler: (request: Request, context: RouteContext<P> & { user: SessionUser }) => Promise<Response>,
): (request: Request, context: RouteContext<P>) => Promise<Response> {
  return async (request, context) => {
    const user = await getCurrentUser();
    if (!user) return Response.json({ error: "unauthenticated" }, { status: 401 });
    if (!can(user.roles, permission)) return Response.json({ error: "forbidden", permission }, { status: 403 });
    return handler(request, { ...context, user });
  };
}

type ActionFailureKind = "unauthenticated" | "forbidden" | "invalid" | "failed";

export type ActionResult<T> =
  | { ok: true; data: T }
  | { ok: false; error: ActionFailureKind; message: string; fieldErrors?: Record<string, string[]> };

export type ActionFailure = Extract<ActionResult<unknown>, { ok: false }>;

/** The generic refusals, in the language of the screen that called (Japanese outside a request). */
async function refusalText(kind: ActionFailureKind): Promise<string> {
  const { common } = await loadMessages(await getRequestLocale());
  return (common.actionErrors as Record<ActionFailureKind, string>)[kind];
}

export class ActionError extends Error {
  override name = "ActionError";
}

/**
 * Server actions: the permission is checked first (before the input is even parsed), then the input is
 * validated with zod, then the service runs. Expected failures return `{ ok: false }` for the form to show, with
 * a message in the caller's language: an ActionError's message is shown as thrown (services word it in the
 * request's locale), other errors are logged and reported generically.
 */
export function authedAction<S extends z.ZodType, T>(
  permission: Permission,
  schema: S,
  fn: (input: z.infer<S>, user: SessionUser) => Promise<T>,
): (input: unknown) => Promise<ActionResult<T>> {
  return async (input: unknown) => {
    const user = await getCurrentUser();
    if (!user) return { ok: false, error: "unauthenticated", message: await refusalText("unauthenticated") };
    if (!can(user.roles, permission)) return { ok: false, error: "forbidden", message: await refusalText("forbidden") };
    const raw = input instanceof FormData ? Object.fromEntries(input.entries()) : input;
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      const fieldErrors: Record<string, string[]> = {};
      for (const issue of parsed.error.issues) (fieldErrors[issue.path.join(".") || "_"] ??= []).push(issue.message);
      return { ok: false, error: "invalid", message: await refusalText("invalid"), fieldErrors };
    }
    try {
      return { ok: true, data: await fn(parsed.data, user) };
    } catch (error) {
      if (error instanceof ActionError) return { ok: false, error: "failed", message: error.message };
      const { logger } = await import("@/lib/logger");
      logger.error("server action failed", { permission, error });
      return { ok: false, error: "failed", message: await refusalText("failed") };
    }
  };
}
