import { z } from "zod";

import {
  bankHolidayReason,
  daysInMonth,
  addMonths,
  formatPlainDate,
  parsePlainDate,
  shiftToBusinessDay,
  weekdayEn,
  weekdayJa,
  type HolidayShift,
  type PlainDate,
} from "./bank-calendar";

/**
 * Payment terms (締め日 / 支払日 / 支払月 / 休日の扱い), as in 月末締め翌月末払い or 20日締め翌月10日払い.
 * Settings UIs offer days 1–28 and "end" (the month's last day, domain-japan.md §4.1); 29–31 are accepted too and fall
 * on the month's last day when the month is shorter (a pay day of 31 in February is the 28th or 29th).
 */
export const paymentTermsSchema = z.object({
  closingDay: z.union([z.literal("end"), z.number().int().min(1).max(31)]),
  payMonthOffset: z.number().int().min(0).max(3),
  payDay: z.union([z.literal("end"), z.number().int().min(1).max(31)]),
  holidayShift: z.enum(["none", "previous", "next"]),
});

export type PaymentTerms = z.infer<typeof paymentTermsSchema>;

/** 月末締め翌月末払い, shifted to the next business day (the receivable default in domain-japan.md §4.2). */
export const DEFAULT_PAYMENT_TERMS: Readonly<PaymentTerms> = Object.freeze({
  closingDay: "end",
  payMonthOffset: 1,
  payDay: "end",
  holidayShift: "next",
});

/** One human-readable step of the derivation shown in the approval UI ("how the due date was derived"). */
export type DerivationStep = {
  step: "billing_date" | "closing_date" | "pay_month" | "pay_day" | "holiday_shift";
  date: PlainDate | null;
  ja: string;
  en: string;
};

export type DueDateResult = {
  dueDate: PlainDate;
  /** The 締め日 of the period containing the billing date. */
  closingDate: PlainDate;
  /** The pay day before the bank-holiday shift. */
  unshiftedDueDate: PlainDate;
  shifted: boolean;
  steps: DerivationStep[];
};

const SHIFT_JA: Record<HolidayShift, string> = { none: "移動なし", previous: "前営業日に前倒し", next: "翌営業日に後倒し" };
const SHIFT_EN: Record<HolidayShift, string> = {
  none: "not moved",
  previous: "moved to the previous business day",
  next: "moved to the next business day",
};
const MONTH_OFFSET_JA = ["当月", "翌月", "翌々月", "3か月後"] as const;

/** 月末締め翌月末払い style label, e.g. "20日締め翌月10日払い（休日は翌営業日）". */
export function describePaymentTerms(terms: PaymentTerms): { ja: string; en: string } {
  const closeJa = terms.closingDay === "end" ? "月末" : `${terms.closingDay}日`;
  const payJa = terms.payDay === "end" ? "末" : `${terms.payDay}日`;
  const offsetJa = MONTH_OFFSET_JA[terms.payMonthOffset] ?? `${terms.payMonthOffset}か月後`;
  const shiftJa = terms.holidayShift === "none" ? "休日も移動なし" : `休日は${terms.holidayShift === "next" ? "翌" : "前"}営業日`;
  const closeEn = terms.closingDay === "end" ? "month-end closing" : `closing on the ${ordinal(terms.closingDay)}`;
  const payEn = terms.payDay === "end" ? "the last day" : `the ${ordinal(terms.payDay)}`;
  const offsetEn =
    terms.payMonthOffset === 0
      ? "of the closing month"
      : `${terms.payMonthOffset} month${terms.payMonthOffset > 1 ? "s" : ""} after the closing month`;
  return {
    ja: `${closeJa}締め${offsetJa}${payJa}払い（${shiftJa}）`,
    en: `${closeEn}, paid on ${payEn} ${offsetEn} (bank holidays: ${SHIFT_EN[terms.holidayShift]})`,
  };
}

function ordinal(n: number): string {
  const suffix = n % 10 === 1 && n !== 11 ? "st" : n % 10 === 2 && n !== 12 ? "nd" : n % 10 === 3 && n !== 13 ? "rd" : "th";
  return `${n}${suffix}`;
}

function withWeekday(date: PlainDate): { ja: string; en: string } {
  return { ja: `${date}（${weekdayJa(date)}）`, en: `${date} (${weekdayEn(date)})` };
}

/**
 * Due date for a billing (transaction) date under the given terms:
 * 1. the closing date of the period containing the billing date — this month's if the billing day is on or before the
 *    closing day, else next month's ("end" always closes this month);
 * 2. add payMonthOffset months to the closing month;
 * 3. take the pay day in that month, clamped to its last day ("end" = last day);
 * 4. move it off bank holidays per holidayShift.
 */
export function computeDueDate(billingDate: PlainDate, rawTerms: PaymentTerms): DueDateResult {
  const terms = paymentTermsSchema.parse(rawTerms);
  const billing = parsePlainDate(billingDate);
  const steps: DerivationStep[] = [];
  const b = withWeekday(billingDate);
  steps.push({ step: "billing_date", date: billingDate, ja: `請求日: ${b.ja}`, en: `Billing date: ${b.en}` });

  let closing: { year: number; month: number; day: number };
  if (terms.closingDay === "end") {
    closing = { year: billing.year, month: billing.month, day: daysInMonth(billing.year, billing.month) };
  } else if (billing.day <= terms.closingDay) {
    closing = {
      year: billing.year,
      month: billing.month,
      day: Math.min(terms.closingDay, daysInMonth(billing.year, billing.month)),
    };
  } else {
    const next = addMonths(billing.year, billing.month, 1);
    closing = { ...next, day: Math.min(terms.closingDay, daysInMonth(next.year, next.month)) };
  }
  const closingDate = formatPlainDate(closing);
  if (terms.closingDay === "end") {
    steps.push({
      step: "closing_date",
      date: closingDate,
      ja: `締め日: 月末締めのため ${closingDate} 締め`,
      en: `Closing: month-end closing, so the period closes on ${closingDate}`,
    });
  } else {
    const sameMonth = billing.day <= terms.closingDay;
    steps.push({
      step: "closing_date",
      date: closingDate,
      ja: sameMonth
        ? `締め日: ${terms.closingDay}日締め。請求日の${billing.day}日は締め日以前のため当月 ${closingDate} 締め`
        : `締め日: ${terms.closingDay}日締め。請求日の${billing.day}日は締め日より後のため翌月 ${closingDate} 締め`,
      en: sameMonth
        ? `Closing: closes on the ${ordinal(terms.closingDay)}; day ${billing.day} is on or before it, so this month's closing ${closingDate}`
        : `Closing: closes on the ${ordinal(terms.closingDay)}; day ${billing.day} is after it, so next month's closing ${closingDate}`,
    });
  }

  const pay = addMonths(closing.year, closing.month, terms.payMonthOffset);
  const payMonthLabel = `${pay.year}-${String(pay.month).padStart(2, "0")}`;
  steps.push({
    step: "pay_month",
    date: null,
    ja: `支払月: 締め月の${MONTH_OFFSET_JA[terms.payMonthOffset]}（+${terms.payMonthOffset}か月）→ ${payMonthLabel}`,
    en: `Pay month: closing month + ${terms.payMonthOffset} → ${payMonthLabel}`,
  });

  const lastDay = daysInMonth(pay.year, pay.month);
  const payDayNumber = terms.payDay === "end" ? lastDay : Math.min(terms.payDay, lastDay);
  const unshiftedDueDate = formatPlainDate({ ...pay, day: payDayNumber });
  const u = withWeekday(unshiftedDueDate);
  steps.push({
    step: "pay_day",
    date: unshiftedDueDate,
    ja:
      terms.payDay === "end"
        ? `支払日: 月末払い → ${u.ja}`
        : terms.payDay > lastDay
          ? `支払日: ${terms.payDay}日払い（${payMonthLabel}は${lastDay}日までのため末日）→ ${u.ja}`
          : `支払日: ${terms.payDay}日払い → ${u.ja}`,
    en:
      terms.payDay === "end"
        ? `Pay day: last day of the month → ${u.en}`
        : terms.payDay > lastDay
          ? `Pay day: the ${ordinal(terms.payDay)}, beyond ${payMonthLabel}'s ${lastDay} days, so its last day → ${u.en}`
          : `Pay day: the ${ordinal(terms.payDay)} → ${u.en}`,
  });

  const dueDate = shiftToBusinessDay(unshiftedDueDate, terms.holidayShift);
  const reason = bankHolidayReason(unshiftedDueDate);
  const d = withWeekday(dueDate);
  if (!reason) {
    steps.push({
      step: "holiday_shift",
      date: dueDate,
      ja: `休日調整: ${unshiftedDueDate} は銀行営業日のため調整なし → 支払期日 ${d.ja}`,
      en: `Holiday shift: ${unshiftedDueDate} is a bank business day, no change → due ${d.en}`,
    });
  } else {
    steps.push({
      step: "holiday_shift",
      date: dueDate,
      ja: `休日調整: ${unshiftedDueDate} は銀行休業日（${reason.ja}）のため${SHIFT_JA[terms.holidayShift]} → 支払期日 ${d.ja}`,
      en: `Holiday shift: ${unshiftedDueDate} is a bank holiday (${reason.en}), ${SHIFT_EN[terms.holidayShift]} → due ${d.en}`,
    });
  }

  return { dueDate, closingDate, unshiftedDueDate, shifted: dueDate !== unshiftedDueDate, steps };
}
