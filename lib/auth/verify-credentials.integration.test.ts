import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertUser, updateUser } from "@/db/queries/users";
import { openTestDb } from "@/test/db";
import { hashPassword } from "./password";
import { isSignInThrottled, SIGN_IN_LIMITS, verifyCredentials } from "./verify-credentials";

const { db, close } = openTestDb();
let userId: string;
beforeAll(async () => {
  const user = await insertUser(db, { email: "Keiri@Example.JP", name: "経理", passwordHash: await hashPassword("correct horse battery"), roles: ["finance"] });
  userId = user.id;
});
afterAll(close);

describe("sign-in", () => {
  it("accepts the right password, case-insensitive e-mail", async () => {
    expect(await verifyCredentials(db, { email: " keiri@example.jp ", password: "correct horse battery", ip: "10.0.0.1" })).toEqual({ ok: true, userId });
  });

  it("rejects a wrong password and an unknown e-mail the same way", async () => {
    expect(await verifyCredentials(db, { email: "keiri@example.jp", password: "nope", ip: "10.0.0.2" })).toEqual({ ok: false, reason: "invalid" });
    expect(await verifyCredentials(db, { email: "nobody@example.jp", password: "nope", ip: "10.0.0.2" })).toEqual({ ok: false, reason: "invalid" });
  });

  it("throttles an e-mail after repeated failures, even with the right password, until the window passes", async () => {
    const email = "throttle@example.jp";
    await insertUser(db, { email, name: "t", passwordHash: await hashPassword("right password!"), roles: ["sales"] });
    for (let i = 0; i < SIGN_IN_LIMITS.perEmail; i++) {
      expect((await verifyCredentials(db, { email, password: `wrong ${i}`, ip: `10.1.0.${i}` })).ok).toBe(false);
    }
    expect(await verifyCredentials(db, { email, password: "right password!", ip: "10.1.0.99" })).toEqual({ ok: false, reason: "rate_limited" });
    const later = new Date(Date.now() + SIGN_IN_LIMITS.windowMs + 60_000);
    expect(await verifyCredentials(db, { email, password: "right password!", ip: "10.1.0.99", now: later })).toMatchObject({ ok: true });
  });

  it("tells, right after a failure, whether that attempt was refused by the throttle", async () => {
    const email = "after@example.jp";
    for (let i = 0; i < SIGN_IN_LIMITS.perEmail; i++) {
      await verifyCredentials(db, { email, password: `wrong ${i}`, ip: null });
      expect(await isSignInThrottled(db, { email, ip: null, justFailed: true }), `attempt ${i + 1} was judged, not refused`).toBe(false);
    }
    await verifyCredentials(db, { email, password: "again", ip: null });
    expect(await isSignInThrottled(db, { email, ip: null, justFailed: true })).toBe(true);
    expect(await isSignInThrottled(db, { email, ip: null })).toBe(true);
  });

  it("throttles one IP trying many e-mails", async () => {
    for (let i = 0; i < SIGN_IN_LIMITS.perIp; i++) await verifyCredentials(db, { email: `spray${i}@example.jp`, password: "x", ip: "192.0.2.7" });
    expect(await verifyCredentials(db, { email: "keiri@example.jp", password: "correct horse battery", ip: "192.0.2.7" })).toEqual({ ok: false, reason: "rate_limited" });
  });

  it("refuses a disabled account", async () => {
    await updateUser(db, userId, { disabledAt: new Date() });
    expect(await verifyCredentials(db, { email: "keiri@example.jp", password: "correct horse battery", ip: "10.0.0.3" })).toEqual({ ok: false, reason: "disabled" });
    await updateUser(db, userId, { disabledAt: null });
  });
});
