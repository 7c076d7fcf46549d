import "server-only";
import type { DbOrTx } from "@/db/client";
import { countRecentFailures, getUserForSignIn, recordLoginAttempt } from "@/db/queries/users";
import { verifyPassword } from "./password";

/** Throttle: 5 failures per e-mail or 20 per IP within 15 minutes block further attempts for that window. */
export const SIGN_IN_LIMITS = { windowMs: 15 * 60 * 1000, perEmail: 5, perIp: 20 } as const;

export type VerifyResult = { ok: true; userId: string } | { ok: false; reason: "invalid" | "rate_limited" | "disabled" };

// A fixed hash to compare against when the e-mail is unknown, so response time does not reveal which e-mails exist.
const DUMMY_HASH = "$2b$12$HZTXM58N0uivAjlS/2Wrvep3hL1gX7yN.ZQxxmRm9dMLFFTAbSjfS";

/**
 * True when attempts for this e-mail or IP are refused. `justFailed`: asked right after a failed attempt that is
 * already counted — that attempt was itself refused only if the limit had been reached before it.
 */
export async function isSignInThrottled(db: DbOrTx, input: { email: string; ip: string | null; now?: Date; justFailed?: boolean }): Promise<boolean> {
  const now = input.now ?? new Date();
  const failures = await countRecentFailures(db, { email: input.email.trim().toLowerCase(), ip: input.ip, since: new Date(now.getTime() - SIGN_IN_LIMITS.windowMs) });
  const counted = input.justFailed ? 1 : 0;
  return failures.byEmail - counted >= SIGN_IN_LIMITS.perEmail || failures.byIp - counted >= SIGN_IN_LIMITS.perIp;
}

export async function verifyCredentials(
  db: DbOrTx,
  input: { email: string; password: string; ip: string | null; now?: Date },
): Promise<VerifyResult> {
  const email = input.email.trim().toLowerCase();
  const now = input.now ?? new Date();
  const failures = await countRecentFailures(db, { email, ip: input.ip, since: new Date(now.getTime() - SIGN_IN_LIMITS.windowMs) });
  if (failures.byEmail >= SIGN_IN_LIMITS.perEmail || failures.byIp >= SIGN_IN_LIMITS.perIp) {
    await recordLoginAttempt(db, { email, ip: input.ip, success: false });
    return { ok: false, reason: "rate_limited" };
  }
  const user = await getUserForSignIn(db, email);
  const matches = await verifyPassword(input.password, user?.passwordHash ?? DUMMY_HASH);
  if (!user || !matches) {
    await recordLoginAttempt(db, { email, ip: input.ip, success: false });
    return { ok: false, reason: "invalid" };
  }
  if (user.disabledAt) {
    await recordLoginAttempt(db, { email, ip: input.ip, success: false });
    return { ok: false, reason: "disabled" };
  }
  await recordLoginAttempt(db, { email, ip: input.ip, success: true });
  return { ok: true, userId: user.id };
}
