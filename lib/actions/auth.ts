"use server";

import { AuthError } from "next-auth";
import { headers } from "next/headers";
import { z } from "zod";
import { getDb } from "@/db/client";
import { signIn, signOut } from "@/lib/auth/config";
import { isSignInThrottled } from "@/lib/auth/verify-credentials";

export type SignInState = { error: "invalid" | "rate_limited" | "disabled" | null };

const schema = z.object({ email: z.string().trim().min(1), password: z.string().min(1), callbackUrl: z.string().optional() });

/** Public by nature: the sign-in form. Attempts are throttled in verifyCredentials. */
export async function signInWithPassword(_previous: SignInState, formData: FormData): Promise<SignInState> {
  const parsed = schema.safeParse(Object.fromEntries(formData.entries()));
  if (!parsed.success) return { error: "invalid" };
  // Only same-site relative paths: never redirect to another origin after sign-in.
  const target = parsed.data.callbackUrl?.startsWith("/") && !parsed.data.callbackUrl.startsWith("//") ? parsed.data.callbackUrl : "/";
  try {
    await signIn("credentials", { email: parsed.data.email, password: parsed.data.password, redirectTo: target });
    return { error: null };
  } catch (error) {
    if (error instanceof AuthError) {
      const code = (error as AuthError & { code?: string }).code;
      if (code === "rate_limited") return { error: "rate_limited" };
      if (code === "disabled") return { error: "disabled" };
      // The error's code does not always survive Next's module layers; the throttle state is the source of truth.
      const requestHeaders = await headers();
      const ip = requestHeaders.get("x-forwarded-for")?.split(",")[0]?.trim() || requestHeaders.get("x-real-ip") || null;
      if (await isSignInThrottled(await getDb(), { email: parsed.data.email, ip, justFailed: true })) return { error: "rate_limited" };
      return { error: "invalid" };
    }
    throw error; // the redirect after a successful sign-in
  }
}

/** Signed-in users only; signing out an anonymous session is a no-op. */
export async function signOutUser(): Promise<void> {
  await signOut({ redirectTo: "/login" });
}
