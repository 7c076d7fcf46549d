import { jaroWinkler } from "@skyra/jaro-winkler";
import { isValidCorporateNumber, normalizeRegistrationNumber } from "@/lib/japan/registration-number";
import { BlockingIndex, type IndexedEntry } from "./blocking-index";
import { compareLegalForms, getLegalForm, type LegalFormPosition } from "./legal-forms";
import { normalizeCompanyName, type NormalizedCompanyName } from "./normalize-company-name";

/**
 * 名寄せ: for each CRM company, the best accounting partner, a confidence and a decision.
 *
 * A wrong automatic link sends invoices to the wrong customer, so `auto` needs either the same 法人番号 (the
 * registration number without its T) or the same normalised name with the same legal form written in the same
 * position on both sides. Everything weaker — spelling variants, hiragana vs katakana, a missing or different legal
 * form, 前株 vs 後株, an extra word — is at most `review`.
 */

export type CrmCompanyInput = { id: string; name: string; corporateNumber?: string | null };
export type PartnerInput = { id: string; name: string; registrationNumber?: string | null };
export type MatchDecision = "auto" | "review" | "none";

export type MatchCandidate = {
  partnerId: string;
  confidence: number;
  /** Whether this pair alone would allow an automatic link. */
  autoEligible: boolean;
  reasons: string[];
};

export type CompanyMatch = {
  crmId: string;
  /** The suggested partner; null when the decision is `none`. */
  partnerId: string | null;
  confidence: number;
  decision: MatchDecision;
  reasons: string[];
  /** Best candidates first (including the chosen one), for the review screen. */
  candidates?: MatchCandidate[];
};

export type MatchOptions = {
  /** Minimum confidence of an auto-eligible pair to link without asking. Default 0.95. */
  autoThreshold?: number;
  /** Minimum confidence to suggest a partner for review. Default 0.5. */
  reviewThreshold?: number;
  /** Candidates kept per CRM company (0 to omit them). Default 5. */
  maxCandidates?: number;
  /** Bigram Dice below which a partner is not even considered. Default 0.4. */
  minDice?: number;
};

type ParsedNumber = { digits: string | null; note: string | null };

// Only a well-formed 法人番号 with a correct check digit counts as an identifier: a typo must neither link two
// companies nor separate them.
function parseNumber(raw: string | null | undefined, side: "CRM" | "partner"): ParsedNumber {
  if (raw === undefined || raw === null || raw.trim() === "") return { digits: null, note: null };
  const compact = normalizeRegistrationNumber(raw).replace(/^T/, "");
  if (!/^[1-9]\d{12}$/.test(compact)) return { digits: null, note: `${side} number "${raw}" is not 13 digits: ignored` };
  if (!isValidCorporateNumber(compact)) {
    return { digits: null, note: `${side} number ${compact} fails the check digit (検査用数字): ignored` };
  }
  return { digits: compact, note: null };
}

const POSITION_LABEL: Record<LegalFormPosition, string> = { before: "前 (before)", after: "後 (after)", middle: "middle" };

const describeForm = (name: NormalizedCompanyName): string =>
  name.legalForm
    ? `${getLegalForm(name.legalForm).label} ${POSITION_LABEL[name.legalFormPosition!]}`
    : "no legal form";

type Scored = { index: number; confidence: number; autoEligible: boolean; idMatch: boolean; reasons: string[] };

function scoreByName(
  crm: NormalizedCompanyName,
  crmNumber: string | null,
  partner: IndexedEntry,
  index: number,
  dice: number,
): Scored {
  const p = partner.name;
  const reasons: string[] = [];
  let confidence: number;
  let sameName = false;
  if (crm.core === p.core) {
    confidence = 0.97;
    sameName = true;
    reasons.push("same name after normalisation");
  } else if (crm.looseKey === p.looseKey) {
    confidence = 0.88;
    reasons.push("same name apart from long-vowel marks, small kana or symbols");
  } else if (crm.kanaKey === p.kanaKey) {
    confidence = 0.78;
    reasons.push("hiragana and katakana spellings differ: a different name unless confirmed");
  } else if (crm.kanaKey.includes(p.kanaKey) || p.kanaKey.includes(crm.kanaKey)) {
    const lengths = [Array.from(crm.kanaKey).length, Array.from(p.kanaKey).length];
    const ratio = Math.min(...lengths) / Math.max(...lengths);
    confidence = Math.max(0.3 + 0.45 * ratio, 0.85 * dice);
    reasons.push(`extra or missing words ("${crm.core}" vs "${p.core}"): often a related but different company`);
  } else {
    // Jaro-Winkler rewards a shared beginning, where Japanese company names carry their distinctive part (栗田製作所 is
    // closer to 栗田制作所 than to 山田製作所, though all three share the same bigram count).
    const jw = jaroWinkler(Array.from(crm.kanaKey), Array.from(p.kanaKey));
    confidence = 0.85 * (0.7 * dice + 0.3 * jw);
    reasons.push(`similar name (bigram similarity ${dice.toFixed(2)}, Jaro-Winkler ${jw.toFixed(2)})`);
  }

  let sameForm = false;
  if (!crm.legalForm && !p.legalForm) {
    confidence *= 0.9;
    reasons.push("no legal form on either side");
  } else if (!crm.legalForm || !p.legalForm) {
    confidence *= 0.9;
    reasons.push(`legal form missing on one side (CRM: ${describeForm(crm)}, partner: ${describeForm(p)})`);
  } else {
    const comparison = compareLegalForms(crm.legalForm, p.legalForm);
    const englishOnOneSide = (crm.legalFormWriting === "english") !== (p.legalFormWriting === "english");
    if (comparison === "different") {
      confidence *= 0.65;
      reasons.push(`different legal form (CRM: ${describeForm(crm)}, partner: ${describeForm(p)})`);
    } else if (comparison === "compatible") {
      confidence *= 0.9;
      reasons.push(`legal form written more or less precisely (CRM: ${describeForm(crm)}, partner: ${describeForm(p)})`);
    } else if (englishOnOneSide) {
      confidence *= 0.9;
      reasons.push("legal form in English on one side only: 前株/後株 cannot be told");
    } else if (crm.legalFormPosition !== p.legalFormPosition) {
      confidence *= 0.8;
      reasons.push(`legal form position differs (前株 vs 後株 are different legal names): CRM ${describeForm(crm)}, partner ${describeForm(p)}`);
    } else {
      sameForm = true;
      reasons.push(`same legal form (${describeForm(crm)})`);
    }
  }

  let autoEligible = sameName && sameForm;
  if (crmNumber && partner.corporateNumber && crmNumber !== partner.corporateNumber) {
    // Two valid, different 法人番号 are two legal entities, whatever the names say (same-name companies abound).
    confidence = Math.min(confidence, 0.3);
    autoEligible = false;
    reasons.push(`法人番号 differs (CRM ${crmNumber}, partner T${partner.corporateNumber})`);
  }
  return { index, confidence, autoEligible, idMatch: false, reasons };
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

const round3 = (value: number) => Math.round(value * 1000) / 1000;

const byRank = (a: Scored, b: Scored) =>
  Number(b.idMatch) - Number(a.idMatch) ||
  b.confidence - a.confidence ||
  Number(b.autoEligible) - Number(a.autoEligible) ||
  a.index - b.index;

export function matchCompanies(
  crm: readonly CrmCompanyInput[],
  partners: readonly PartnerInput[],
  options: MatchOptions = {},
): CompanyMatch[] {
  const { autoThreshold = 0.95, reviewThreshold = 0.5, maxCandidates = 5, minDice = 0.4 } = options;

  const partnerNotes: (string | null)[] = [];
  const index = new BlockingIndex(
    partners.map((partner) => {
      const parsed = parseNumber(partner.registrationNumber, "partner");
      partnerNotes.push(parsed.note);
      return { name: normalizeCompanyName(partner.name), corporateNumber: parsed.digits };
    }),
  );

  const results: CompanyMatch[] = crm.map((company) => {
    const name = normalizeCompanyName(company.name);
    const number = parseNumber(company.corporateNumber, "CRM");
    const notes = number.note ? [number.note] : [];

    const scored = new Map<number, Scored>();
    for (const { index: i, dice } of index.candidates(name, minDice)) {
      scored.set(i, scoreByName(name, number.digits, index.entry(i), i, dice));
    }
    const idMatches = number.digits ? index.withNumber(number.digits) : [];
    for (const i of idMatches) {
      const byName = scored.get(i);
      scored.set(i, {
        index: i,
        confidence: 1,
        autoEligible: true,
        idMatch: true,
        reasons: [
          `法人番号 ${number.digits} equals the partner's registration number T${number.digits}`,
          ...(byName ? byName.reasons : ["names differ"]),
        ],
      });
    }
    const ranked = [...scored.values()].sort(byRank);
    const candidates = ranked.slice(0, maxCandidates).map((s) => ({
      partnerId: partners[s.index]!.id,
      confidence: round3(s.confidence),
      autoEligible: s.autoEligible,
      reasons: partnerNotes[s.index] ? [...s.reasons, partnerNotes[s.index]!] : s.reasons,
    }));
    const withCandidates = (match: Omit<CompanyMatch, "candidates">): CompanyMatch =>
      maxCandidates > 0 ? { ...match, candidates } : match;

    const best = ranked[0];
    if (name.core === "" && idMatches.length === 0) notes.push("name is empty once the legal form is removed");
    if (!best || best.confidence < reviewThreshold) {
      return withCandidates({
        crmId: company.id,
        partnerId: null,
        confidence: round3(best?.confidence ?? 0),
        decision: "none",
        reasons: [...(best ? ["no partner close enough", ...best.reasons] : ["no candidate partner"]), ...notes],
      });
    }

    const reasons = [...best.reasons, ...notes];
    if (partnerNotes[best.index]) reasons.push(partnerNotes[best.index]!);
    let decision: MatchDecision = best.autoEligible && best.confidence >= autoThreshold ? "auto" : "review";
    if (decision === "auto") {
      // Duplicates in the accounting product (two partners with the same number, or the same name and form): a
      // person picks one.
      const rivals = ranked.filter(
        (s) => s !== best && s.autoEligible && s.idMatch === best.idMatch && s.confidence === best.confidence,
      );
      if (rivals.length > 0) {
        decision = "review";
        reasons.push(
          `${rivals.length + 1} partners match equally (${[best, ...rivals].map((s) => partners[s.index]!.id).join(", ")}): possible duplicates`,
        );
      }
    }
    return withCandidates({
      crmId: company.id,
      partnerId: partners[best.index]!.id,
      confidence: round3(best.confidence),
      decision,
      reasons,
    });
  });

  // One partner, one automatic link. A stronger claim (identifier over name) keeps it; equally strong claims — two CRM
  // companies with the same name and form, e.g. same-name companies from different prefectures or a CRM duplicate —
  // cannot be told apart, so none of them is linked automatically. The losers go to review so a person sees the
  // collision.
  const claims = new Map<string, CompanyMatch[]>();
  for (const result of results) {
    if (result.decision === "auto") pushTo(claims, result.partnerId!, result);
  }
  for (const group of claims.values()) {
    if (group.length < 2) continue;
    const top = Math.max(...group.map((r) => r.confidence));
    const winners = group.filter((r) => r.confidence === top);
    const owner = winners.length === 1 ? winners[0]! : null;
    for (const result of group) {
      if (result === owner) continue;
      result.decision = "review";
      result.reasons.push(
        owner
          ? `partner already linked automatically to CRM company ${owner.crmId}`
          : `${winners.length} CRM companies claim this partner equally (${winners.map((r) => r.crmId).join(", ")})`,
      );
    }
  }
  return results;
}
