/**
 * 法人番号 (13-digit corporate number) helpers used by the seed generators.
 *
 * API: `corporateNumberCheckDigit(base12)` → 1–9; `makeCorporateNumber(base12)` → 13-digit string with the check digit
 * in front; `isValidCorporateNumber(s)`; `randomCorporateNumber(rng)` → a valid number whose base starts with a
 * non-zero 登記所 code. Rule (財務省令 平成26年第70号 第2条, see domain-japan.md §2.2): check = 9 − (Σ P_n·Q_n mod 9),
 * P_n the n-th base digit counted from the RIGHT, Q_n = 1 for odd n, 2 for even n. The mod applies to the whole sum.
 */
import type { Rng } from "./rng";

export function corporateNumberCheckDigit(base12: string): number {
  if (!/^\d{12}$/.test(base12)) throw new Error(`base must be 12 digits: ${base12}`);
  let sum = 0;
  for (let n = 1; n <= 12; n++) {
    const digit = base12.charCodeAt(12 - n) - 48;
    sum += digit * (n % 2 === 1 ? 1 : 2);
  }
  return 9 - (sum % 9);
}

export function makeCorporateNumber(base12: string): string {
  return `${corporateNumberCheckDigit(base12)}${base12}`;
}

export function isValidCorporateNumber(value: string): boolean {
  if (!/^[1-9]\d{12}$/.test(value)) return false;
  return corporateNumberCheckDigit(value.slice(1)) === Number(value[0]);
}

export function randomCorporateNumber(rng: Rng): string {
  // Real bases are 会社法人等番号: 4-digit 登記所 code + 2-digit kind + 6-digit serial. Keep that rough shape.
  const office = String(rng.int(1000, 9999));
  const kind = rng.pick(["01", "02", "03"]);
  const serial = String(rng.int(0, 999999)).padStart(6, "0");
  return makeCorporateNumber(`${office}${kind}${serial}`);
}
