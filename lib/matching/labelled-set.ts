import { parse } from "csv-parse/sync";
import { matchCompanies, type CompanyMatch, type CrmCompanyInput, type MatchOptions, type PartnerInput } from "./match-companies";

/** One row of fixtures/labelled-pairs.csv. */
export type LabelledPair = {
  crmId: string;
  partnerId: string;
  label: "match" | "nonmatch";
  note: string;
};

export type LabelledSet = { crm: CrmCompanyInput[]; partners: PartnerInput[]; pairs: LabelledPair[] };

export function parseLabelledSet(csvText: string): LabelledSet {
  const records = parse(csvText, { columns: true, bom: true, skip_empty_lines: true }) as Record<string, string>[];
  const crm = new Map<string, CrmCompanyInput>();
  const partners = new Map<string, PartnerInput>();
  const pairs: LabelledPair[] = [];
  for (const r of records) {
    if (r.label !== "match" && r.label !== "nonmatch") throw new Error(`bad label "${r.label}" for ${r.crm_id}/${r.partner_id}`);
    crm.set(r.crm_id!, { id: r.crm_id!, name: r.crm_name!, corporateNumber: r.crm_corporate_number || null });
    partners.set(r.partner_id!, {
      id: r.partner_id!,
      name: r.partner_name!,
      registrationNumber: r.partner_registration_number || null,
    });
    pairs.push({ crmId: r.crm_id!, partnerId: r.partner_id!, label: r.label, note: r.note ?? "" });
  }
  return { crm: [...crm.values()], partners: [...partners.values()], pairs };
}

export type Evaluation = {
  pairs: number;
  matchPairs: number;
  nonmatchPairs: number;
  /** Automatic links made, and how many of them are labelled matches. */
  autoLinks: number;
  autoCorrect: number;
  /** autoCorrect / autoLinks (1 when there is no automatic link). */
  autoPrecision: number;
  /** Labelled matches whose CRM company got that partner as auto or review. */
  matchesFound: number;
  recall: number;
  matchesAuto: number;
  /** Automatic links not labelled as a match (the failures that matter). */
  wrongAutos: { result: CompanyMatch; label: "nonmatch" | "unlabelled" }[];
  /** Labelled matches not proposed. */
  missed: { pair: LabelledPair; result: CompanyMatch | undefined }[];
  /** Labelled non-matches proposed for review (harmless, but a measure of reviewer load). */
  negativesInReview: number;
  results: CompanyMatch[];
};

/**
 * Runs the matcher on the whole set at once — every CRM company against every partner, as in a migration — and scores
 * each CRM company's single answer against the labels. An automatic link to a pair nobody labelled counts as wrong.
 */
export function evaluateLabelledSet(set: LabelledSet, options?: MatchOptions): Evaluation {
  const results = matchCompanies(set.crm, set.partners, options);
  const byCrm = new Map(results.map((r) => [r.crmId, r]));
  const labelOf = new Map(set.pairs.map((p) => [`${p.crmId}\u0000${p.partnerId}`, p.label]));
  const label = (crmId: string, partnerId: string) => labelOf.get(`${crmId}\u0000${partnerId}`);

  const autos = results.filter((r) => r.decision === "auto");
  const wrongAutos = autos
    .filter((r) => label(r.crmId, r.partnerId!) !== "match")
    .map((result) => ({ result, label: label(result.crmId, result.partnerId!) === "nonmatch" ? ("nonmatch" as const) : ("unlabelled" as const) }));
  const matchPairs = set.pairs.filter((p) => p.label === "match");
  const missed: Evaluation["missed"] = [];
  let matchesAuto = 0;
  for (const pair of matchPairs) {
    const result = byCrm.get(pair.crmId);
    if (result && result.partnerId === pair.partnerId && result.decision !== "none") {
      if (result.decision === "auto") matchesAuto++;
    } else {
      missed.push({ pair, result });
    }
  }
  const negativesInReview = set.pairs.filter((p) => {
    const result = byCrm.get(p.crmId);
    return p.label === "nonmatch" && result?.partnerId === p.partnerId && result.decision === "review";
  }).length;
  const autoCorrect = autos.length - wrongAutos.length;
  return {
    pairs: set.pairs.length,
    matchPairs: matchPairs.length,
    nonmatchPairs: set.pairs.length - matchPairs.length,
    autoLinks: autos.length,
    autoCorrect,
    autoPrecision: autos.length === 0 ? 1 : autoCorrect / autos.length,
    matchesFound: matchPairs.length - missed.length,
    recall: matchPairs.length === 0 ? 1 : (matchPairs.length - missed.length) / matchPairs.length,
    matchesAuto,
    wrongAutos,
    missed,
    negativesInReview,
    results,
  };
}
