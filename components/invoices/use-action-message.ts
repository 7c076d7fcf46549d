"use client";

import { useTranslations } from "next-intl";
import type { ActionResult } from "@/lib/auth/guards";

type Failure = Extract<ActionResult<unknown>, { ok: false }>;

/**
 * The text of a refused invoice action in the screen's language. Refusals by the service ("failed") arrive already
 * in the request's locale; the generic ones (signed out, no permission, bad input) are worded here, and a bad
 * input's field messages are keys of `invoices.fieldErrors`.
 */
export function useActionMessage(): (failure: Failure) => string {
  const t = useTranslations("invoices");
  return (failure) => {
    if (failure.error === "failed") return failure.message;
    const fields = Object.values(failure.fieldErrors ?? {})
      .flat()
      .map((m) => (t.has(`fieldErrors.${m}`) ? t(`fieldErrors.${m}`) : m));
    return [t(`actionErrors.${failure.error}`), ...fields].join(" ");
  };
}
