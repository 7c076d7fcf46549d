import { jaroWinkler } from "@skyra/jaro-winkler";
import { isValidCorporateNumber, normalizeRegistrationNumber } from "@/lib/japan/registration-number";
import { BlockingIndex, bigramDice, bigramsOf, type IndexedEntry } from "./blocking-index";
import { compareLegalForms, getLegalForm } from "./legal-forms";
import { describeLegalForm, matchReasons } from "./match-reasons";
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
  /** Candidates kept per CRM company for the review screen (0 to omit them). Default 3. */
  maxCandidates?: number;
  /**
   * Bigram Dice below which a partner is not even considered. Default 0.5: below it a name can reach review only as
   * a long name contained in a much longer one, which is a different company anyway.
   */
  minDice?: number;
};

type ParsedNumber = { digits: string | null; note: string | null };

// Only a well-formed 法人番号 with a correct check digit counts as an identifier: a typo must neither link two
// companies nor separate them.
function parseNumber(raw: string | null | undefined, side: "CRM" | "partner"): ParsedNumber {
  if (raw === undefined || raw === null || raw.trim() === "") return { digits: null, note: null };
  const compact = normalizeRegistrationNumber(raw).replace(/^T/, "");
  if (!/^[1-9]\d{12}$/.test(compact)) return { digits: null, note: matchReasons.format("numberNot13Digits", { side, raw }) };
  if (!isValidCorporateNumber(compact)) {
    return { digits: null, note: matchReasons.format("numberCheckDigit", { side, number: compact }) };
  }
  return { digits: compact, note: null };
}

const describeForm = (name: NormalizedCompanyName): string =>
  describeLegalForm(name.legalForm ? { label: getLegalForm(name.legalForm).label, position: name.legalFormPosition! } : null);

function codePointLength(text: string): number {
  let surrogates = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xdc00 && code <= 0xdfff) surrogates++;
  }
  return text.length - surrogates;
}

/** Length ratio (shorter / longer, in characters) when one key contains the other, else null. */
function containmentRatio(a: string, b: string): number | null {
  if (!a.includes(b) && !b.includes(a)) return null;
  const la = codePointLength(a);
  const lb = codePointLength(b);
  return Math.min(la, lb) / Math.max(la, lb);
}

/** A cheap upper bound of scoreByName's confidence: the same, with Jaro-Winkler taken as 1 and identifiers ignored. */
function scoreBound(crm: NormalizedCompanyName, partner: NormalizedCompanyName, dice: number): number {
  const form = FORM_FACTOR[formTierOf(crm, partner)];
  if (crm.kanaKey === partner.kanaKey) return form;
  const ratio = containmentRatio(crm.kanaKey, partner.kanaKey);
  if (ratio !== null) return Math.max(0.3 + 0.45 * ratio, 0.85 * dice) * form;
  return 0.85 * (0.7 * dice + 0.3) * form;
}

type NameTier = "same" | "loose" | "kana" | "contained" | "similar";
type FormTier = "same" | "none" | "missing" | "different" | "compatible" | "english" | "position";

type Scored = {
  index: number;
  confidence: number;
  autoEligible: boolean;
  idMatch: boolean;
  nameTier: NameTier;
  formTier: FormTier;
  dice: number;
  jw: number;
  numberConflict: boolean;
};

/**
 * The score of one CRM/partner pair by name, legal form and identifiers — numbers only, since it runs for every
 * blocking candidate; `explain` turns the kept ones into reasons.
 */
function scoreByName(
  crm: NormalizedCompanyName,
  crmChars: readonly string[],
  crmNumber: string | null,
  partner: IndexedEntry,
  partnerChars: () => readonly string[],
  index: number,
  dice: number,
): Scored {
  const p = partner.name;
  let confidence: number;
  let nameTier: NameTier;
  let jw = 0;
  let ratio: number | null;
  if (crm.core === p.core) {
    confidence = 0.97;
    nameTier = "same";
  } else if (crm.looseKey === p.looseKey) {
    confidence = 0.88;
    nameTier = "loose";
  } else if (crm.kanaKey === p.kanaKey) {
    confidence = 0.78;
    nameTier = "kana";
  } else if ((ratio = containmentRatio(crm.kanaKey, p.kanaKey)) !== null) {
    // An extra or missing word (東京商事 vs 東京商事サービス) is usually a related but different company.
    confidence = Math.max(0.3 + 0.45 * ratio, 0.85 * dice);
    nameTier = "contained";
  } else {
    // Jaro-Winkler rewards a shared beginning, where Japanese company names carry their distinctive part (栗田製作所 is
    // closer to 栗田制作所 than to 山田製作所, though all three share as many bigrams).
    jw = jaroWinkler(crmChars, partnerChars());
    confidence = 0.85 * (0.7 * dice + 0.3 * jw);
    nameTier = "similar";
  }

  const formTier = formTierOf(crm, p);
  confidence *= FORM_FACTOR[formTier];

  // Two valid, different 法人番号 are two legal entities, whatever the names say (same-name companies abound).
  const numberConflict = crmNumber !== null && partner.corporateNumber !== null && crmNumber !== partner.corporateNumber;
  if (numberConflict) confidence = Math.min(confidence, 0.3);
  return {
    index,
    confidence,
    autoEligible: nameTier === "same" && formTier === "same" && !numberConflict,
    idMatch: false,
    nameTier,
    formTier,
    dice,
    jw,
    numberConflict,
  };
}

function formTierOf(crm: NormalizedCompanyName, partner: NormalizedCompanyName): FormTier {
  if (!crm.legalForm && !partner.legalForm) return "none";
  if (!crm.legalForm || !partner.legalForm) return "missing";
  const comparison = compareLegalForms(crm.legalForm, partner.legalForm);
  if (comparison === "different") return "different";
  if (comparison === "compatible") return "compatible";
  // English gives no position: ABC Co., Ltd. is the English name of 株式会社ABC and of ABC株式会社 alike.
  if ((crm.legalFormWriting === "english") !== (partner.legalFormWriting === "english")) return "english";
  if (crm.legalFormPosition !== partner.legalFormPosition) return "position";
  return "same";
}

// 前株 vs 後株 weighs more than a missing legal form: they are two different registered names.
const FORM_FACTOR: Record<FormTier, number> = {
  same: 1,
  none: 0.9,
  missing: 0.9,
  compatible: 0.9,
  english: 0.9,
  position: 0.8,
  different: 0.65,
};

function explain(s: Scored, crm: NormalizedCompanyName, partner: IndexedEntry, crmNumber: string | null): string[] {
  const p = partner.name;
  const reasons: string[] = [];
  if (s.idMatch) reasons.push(matchReasons.format("identifierMatch", { number: crmNumber! }));
  const sides = { crmForm: describeForm(crm), partnerForm: describeForm(p) };
  reasons.push(
    {
      same: () => matchReasons.format("nameSame"),
      loose: () => matchReasons.format("nameLoose"),
      kana: () => matchReasons.format("nameKana"),
      contained: () => matchReasons.format("nameContained", { crmCore: crm.core, partnerCore: p.core }),
      similar: () => matchReasons.format("nameSimilar", { dice: s.dice.toFixed(2), jaroWinkler: s.jw.toFixed(2) }),
    }[s.nameTier](),
    {
      same: () => matchReasons.format("formSame", { form: describeForm(crm) }),
      none: () => matchReasons.format("formNone"),
      missing: () => matchReasons.format("formMissing", sides),
      different: () => matchReasons.format("formDifferent", sides),
      compatible: () => matchReasons.format("formCompatible", sides),
      english: () => matchReasons.format("formEnglish"),
      position: () => matchReasons.format("formPosition", sides),
    }[s.formTier](),
  );
  if (s.numberConflict) reasons.push(matchReasons.format("numberConflict", { crmNumber: crmNumber!, partnerNumber: partner.corporateNumber! }));
  return reasons;
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

/** Inserts into a list kept in byRank order and at most `limit` long. */
function insertRanked(list: Scored[], item: Scored, limit: number): void {
  let at = list.length;
  while (at > 0 && byRank(item, list[at - 1]!) < 0) at--;
  if (at >= limit) return;
  list.splice(at, 0, item);
  if (list.length > limit) list.pop();
}

export function matchCompanies(
  crm: readonly CrmCompanyInput[],
  partners: readonly PartnerInput[],
  options: MatchOptions = {},
): CompanyMatch[] {
  const { autoThreshold = 0.95, reviewThreshold = 0.5, maxCandidates = 3, minDice = 0.5 } = options;

  const partnerNotes: (string | null)[] = [];
  const index = new BlockingIndex(
    partners.map((partner) => {
      const parsed = parseNumber(partner.registrationNumber, "partner");
      partnerNotes.push(parsed.note);
      return { name: normalizeCompanyName(partner.name), corporateNumber: parsed.digits };
    }),
  );

  const partnerChars: (readonly string[] | undefined)[] = new Array(partners.length);
  const charsOf = (i: number) => (partnerChars[i] ??= Array.from(index.entry(i).name.kanaKey));

  const results: CompanyMatch[] = crm.map((company) => {
    const name = normalizeCompanyName(company.name);
    const number = parseNumber(company.corporateNumber, "CRM");
    const notes = number.note ? [number.note] : [];

    const crmChars = Array.from(name.kanaKey);
    const idMatches = number.digits ? index.withNumber(number.digits) : [];
    const ranked: Scored[] = [];
    for (const i of idMatches) {
      const partner = index.entry(i);
      const dice = bigramDice(bigramsOf(name.kanaKey), bigramsOf(partner.name.kanaKey));
      const byName = scoreByName(name, crmChars, number.digits, partner, () => charsOf(i), i, dice);
      insertRanked(ranked, { ...byName, confidence: 1, autoEligible: true, idMatch: true, numberConflict: false }, Infinity);
    }
    // Branch and bound: a score never exceeds its cheap bound, so scoring the blocking candidates in order of
    // that bound and stopping below the k-th best full score gives the exact top k while scoring only a few of them
    // (a common word such as 商事 brings hundreds of candidates).
    const keep = Math.max(maxCandidates, 2);
    const found: number[] = [];
    const dices: number[] = [];
    const bounds: number[] = [];
    index.forEachCandidate(name, minDice, (i, dice) => {
      if (idMatches.includes(i)) return;
      found.push(i);
      dices.push(dice);
      bounds.push(scoreBound(name, index.entry(i).name, dice));
    });
    const order = Array.from(found.keys()).sort((x, y) => bounds[y]! - bounds[x]! || found[x]! - found[y]!);
    for (const k of order) {
      if (ranked.length >= keep && bounds[k]! < ranked[keep - 1]!.confidence) break;
      const i = found[k]!;
      insertRanked(ranked, scoreByName(name, crmChars, number.digits, index.entry(i), () => charsOf(i), i, dices[k]!), keep + idMatches.length);
    }
    const candidates = ranked.slice(0, maxCandidates).map((s) => ({
      partnerId: partners[s.index]!.id,
      confidence: round3(s.confidence),
      autoEligible: s.autoEligible,
      reasons: [...explain(s, name, index.entry(s.index), number.digits), ...(partnerNotes[s.index] ? [partnerNotes[s.index]!] : [])],
    }));
    const withCandidates = (match: Omit<CompanyMatch, "candidates">): CompanyMatch =>
      maxCandidates > 0 ? { ...match, candidates } : match;

    const best = ranked[0];
    const bestReasons = best ? explain(best, name, index.entry(best.index), number.digits) : [];
    if (name.core === "" && idMatches.length === 0) notes.push(matchReasons.format("emptyName"));
    if (!best || best.confidence < reviewThreshold) {
      return withCandidates({
        crmId: company.id,
        partnerId: null,
        confidence: round3(best?.confidence ?? 0),
        decision: "none",
        reasons: [...(best ? [matchReasons.format("noneCloseEnough"), ...bestReasons] : [matchReasons.format("noCandidate")]), ...notes],
      });
    }

    const reasons = [...bestReasons, ...notes];
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
          matchReasons.format("possibleDuplicates", { count: rivals.length + 1, partnerIds: [best, ...rivals].map((s) => partners[s.index]!.id).join(", ") }),
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
          ? matchReasons.format("partnerTakenByAuto", { crmId: owner.crmId })
          : matchReasons.format("partnerClaimedEqually", { count: winners.length, crmIds: winners.map((r) => r.crmId).join(", ") }),
      );
    }
  }
  return results;
}
