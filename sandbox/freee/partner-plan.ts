/**
 * Which accounting-side partners exist for a seed, shared by the freee and Money Forward emulators so that both
 * PARTLY overlap the HubSpot companies (sandbox contract):
 * - ~60 % of the first N generated companies, ~55 % of those written as a realistic variant (㈱/(株)/前株↔後株, full-width,
 *   spaces…) and the rest exactly; ~70 % of those with a 法人番号 carry their registration number T+法人番号;
 * - ~15 % × N partners that exist only in accounting (generated companies N, N+1, … which HubSpot, seeded with the same
 *   N, does not have);
 * - a few hard negatives: a different company whose name contains an overlapping one's (東京商事 → 東京商事サービス).
 * Deterministic: same (seed, N, label) → same plan.
 */
import { generateCompanies, hardNegativeName, nameVariant, type GeneratedCompany } from "../core/companies";
import { createRng } from "../core/rng";

export type PlannedPartner = {
  kind: "overlap" | "accounting_only" | "hard_negative";
  /** The generated company this partner derives from (for hard negatives: the company it must NOT be merged with). */
  source: GeneratedCompany;
  name: string;
  /** T + 13 digits, or null. */
  registrationNumber: string | null;
  /** Whether the name differs from the canonical generated name. */
  variant: boolean;
};

export function planPartners(seed: number, companies: number, label: string): PlannedPartner[] {
  const rng = createRng(seed).fork(`${label}:partners`);
  const accountingOnly = Math.round(companies * 0.15);
  const all = generateCompanies(seed, companies + accountingOnly);
  const out: PlannedPartner[] = [];
  const names = new Set<string>();
  const push = (p: PlannedPartner) => {
    if (names.has(p.name)) return;
    names.add(p.name);
    out.push(p);
  };
  const overlapped: GeneratedCompany[] = [];
  for (let i = 0; i < companies; i++) {
    const c = all[i] as GeneratedCompany;
    if (!rng.chance(0.6)) continue;
    const variant = rng.chance(0.55);
    const name = variant ? nameVariant(rng, c.name) : c.name;
    const registrationNumber = c.corporateNumber && rng.chance(0.7) ? `T${c.corporateNumber}` : null;
    overlapped.push(c);
    push({ kind: "overlap", source: c, name, registrationNumber, variant });
  }
  for (let i = companies; i < all.length; i++) {
    const c = all[i] as GeneratedCompany;
    push({ kind: "accounting_only", source: c, name: c.name, registrationNumber: c.corporateNumber && rng.chance(0.6) ? `T${c.corporateNumber}` : null, variant: false });
  }
  const negatives = Math.min(overlapped.length, Math.max(companies > 0 ? 2 : 0, Math.round(companies * 0.03)));
  const pool = rng.shuffle([...overlapped]);
  for (let i = 0; i < negatives; i++) {
    const c = pool[i] as GeneratedCompany;
    push({ kind: "hard_negative", source: c, name: hardNegativeName(c.name, rng), registrationNumber: null, variant: false });
  }
  return out;
}
