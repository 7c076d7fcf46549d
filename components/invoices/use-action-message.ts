"use client";

import { useTranslations } from "next-intl";
import type { ActionResult } from "@/lib/auth/guards";

export type ActionFailure = Extract<ActionResult<unknown>, { ok: false }>;

type Translate = { (key: string): string; has(key: string): boolean };

/**
 * The text of a refused invoice action in the screen's language. Refusals by the service ("failed") arrive already
 * in the request's locale; the generic ones (signed out, no permission, bad input) are worded here, and a bad
 * input's field messages are keys of `invoices.fieldErrors` (other validation messages are shown as they come).
 */
export function describeActionFailure(failure: ActionFailure, t: Translate): string {
  if (failure.error === "failed") return failure.message;
  const fields = Object.values(failure.fieldErrors ?? {})
    .flat()
    .map((m) => (t.has(`fieldErrors.${m}`) ? t(`fieldErrors.${m}`) : m));
  return [t(`actionErrors.${failure.error}`), ...fields].join(" ");
}

export function useActionMessage(): (failure: ActionFailure) => string {
  const t = useTranslations("invoices");
  return (failure) => describeActionFailure(failure, t);
}
