import { textTemplates } from "@/lib/i18n/text-templates";
import type { LegalFormPosition } from "./legal-forms";

/**
 * Why the matcher (and the review decisions after it) linked or suggested a partner. The English text is what is
 * stored on the link, written to the audit log and printed by `names:match`; the review screen parses it back
 * (`matchReasons.parse`) and shows `partners.reasons.<key>` in the reader's language.
 */
export const matchReasons = textTemplates({
  identifierMatch: "法人番号 {number} equals the partner's registration number T{number}",
  nameSame: "same name after normalisation",
  nameLoose: "same name apart from long-vowel marks, small kana or symbols",
  nameKana: "hiragana and katakana spellings differ: a different name unless confirmed",
  nameContained: 'extra or missing words ("{crmCore}" vs "{partnerCore}"): often a related but different company',
  nameSimilar: "similar name (bigram similarity {dice}, Jaro-Winkler {jaroWinkler})",
  formSame: "same legal form ({form})",
  formNone: "no legal form on either side",
  formMissing: "legal form missing on one side (CRM: {crmForm}, partner: {partnerForm})",
  formDifferent: "different legal form (CRM: {crmForm}, partner: {partnerForm})",
  formCompatible: "legal form written more or less precisely (CRM: {crmForm}, partner: {partnerForm})",
  formEnglish: "legal form in English on one side only: 前株/後株 cannot be told",
  formPosition: "legal form position differs, 前株 vs 後株 are different legal names (CRM: {crmForm}, partner: {partnerForm})",
  numberConflict: "法人番号 differs (CRM {crmNumber}, partner T{partnerNumber})",
  numberNot13Digits: '{side} number "{raw}" is not 13 digits: ignored',
  numberCheckDigit: "{side} number {number} fails the check digit (検査用数字): ignored",
  emptyName: "name is empty once the legal form is removed",
  noneCloseEnough: "no partner close enough",
  noCandidate: "no candidate partner",
  possibleDuplicates: "{count} partners match equally ({partnerIds}): possible duplicates",
  partnerTakenByAuto: "partner already linked automatically to CRM company {crmId}",
  partnerClaimedEqually: "{count} CRM companies claim this partner equally ({crmIds})",
  rejectedEarlier: "partner {partnerId} was rejected for this company earlier",
  chosenByPerson: "chosen by a person",
  createdOnArrival: "no matching partner: created on arrival",
  createdByPerson: "no matching partner: a person chose to create one",
});

export type MatchReasonKey = keyof typeof matchReasons.templates;

const POSITION_LABEL: Record<LegalFormPosition, string> = { before: "前 (before)", after: "後 (after)", middle: "middle" };
const NO_LEGAL_FORM = "no legal form";

/** How a reason names one side's legal form: "株式会社 前 (before)", "Co., Ltd. 後 (after)", "no legal form". */
export function describeLegalForm(form: { label: string; position: LegalFormPosition } | null): string {
  return form ? `${form.label} ${POSITION_LABEL[form.position]}` : NO_LEGAL_FORM;
}

/** The inverse of describeLegalForm; undefined when the text is not such a description. */
export function parseLegalFormDescription(text: string): { label: string; position: LegalFormPosition } | null | undefined {
  if (text === NO_LEGAL_FORM) return null;
  for (const [position, suffix] of Object.entries(POSITION_LABEL) as [LegalFormPosition, string][]) {
    if (text.endsWith(` ${suffix}`) && text.length > suffix.length + 1) return { label: text.slice(0, -suffix.length - 1), position };
  }
  return undefined;
}
