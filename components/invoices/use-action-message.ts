"use client";

import { useTranslations } from "next-intl";
import type { ActionFailure } from "@/lib/auth/guards";

export type { ActionFailure };

type Translate = { (key: string): string; has(key: string): boolean };

/**
 * The text of a refused invoice action in the screen's language. The action's message already is (authedAction
 * words its refusals in the request's locale); a bad input's field messages are keys of `invoices.fieldErrors`
 * (other validation messages are shown as they come).
 */
export function describeActionFailure(failure: ActionFailure, t: Translate): string {
  const fields = Object.values(failure.fieldErrors ?? {})
    .flat()
    .map((m) => (t.has(`fieldErrors.${m}`) ? t(`fieldErrors.${m}`) : m));
  return [failure.message, ...fields].join(" ");
}

export function useActionMessage(): (failure: ActionFailure) => string {
  const t = useTranslations("invoices");
  return (failure) => describeActionFailure(failure, t);
}
