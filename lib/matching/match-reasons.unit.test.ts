import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { slotsOf } from "@/lib/i18n/text-templates";
import { generateSyntheticCompanies } from "./fixtures/synthetic-companies";
import { parseLabelledSet } from "./labelled-set";
import { matchCompanies } from "./match-companies";
import { describeLegalForm, matchReasons, parseLegalFormDescription, type MatchReasonKey } from "./match-reasons";

describe("match reasons", () => {
  it("every reason parses back to its own key and values", () => {
    for (const [key, template] of Object.entries(matchReasons.templates) as [MatchReasonKey, string][]) {
      const values = Object.fromEntries(slotsOf(template).map((slot, i) => [slot, `v${i}-${slot}`]));
      expect(matchReasons.parse(matchReasons.format(key, values)), key).toEqual({ key, values });
    }
  });

  it("every reason the matcher writes is one of the templates (the review screen can translate it)", () => {
    const labelled = parseLabelledSet(readFileSync(path.join(__dirname, "fixtures/labelled-pairs.csv"), "utf8"));
    const synthetic = generateSyntheticCompanies(500);
    const results = [
      ...matchCompanies(labelled.crm, labelled.partners, { maxCandidates: 5 }),
      ...matchCompanies(synthetic.crm, synthetic.partners, { maxCandidates: 5 }),
      // A malformed and a check-digit-failing number, and an empty name.
      ...matchCompanies(
        [
          { id: "c1", name: "株式会社", corporateNumber: "12345" },
          { id: "c2", name: "山田商事株式会社", corporateNumber: "1234567890123" },
        ],
        [{ id: "p1", name: "山田商事株式会社", registrationNumber: "T12" }],
      ),
    ];
    const reasons = results.flatMap((r) => [...r.reasons, ...(r.candidates ?? []).flatMap((c) => c.reasons)]);
    const unknown = reasons.filter((r) => matchReasons.parse(r) === null);
    expect(unknown).toEqual([]);
    const keys = new Set(reasons.map((r) => matchReasons.parse(r)!.key));
    for (const key of ["identifierMatch", "nameSame", "nameSimilar", "formSame", "formDifferent", "formPosition", "numberNot13Digits", "numberCheckDigit", "emptyName", "noneCloseEnough"] as const) {
      expect(keys, key).toContain(key);
    }
  });

  it("a legal-form description reads back as label and position", () => {
    for (const form of [{ label: "株式会社", position: "before" }, { label: "Co., Ltd.", position: "after" }, { label: "株式会社", position: "middle" }] as const) {
      expect(parseLegalFormDescription(describeLegalForm(form))).toEqual(form);
    }
    expect(describeLegalForm(null)).toBe("no legal form");
    expect(parseLegalFormDescription("no legal form")).toBeNull();
    expect(parseLegalFormDescription("something else")).toBeUndefined();
  });
});
