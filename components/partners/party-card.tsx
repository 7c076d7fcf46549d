import { useTranslations } from "next-intl";
import type { PartyView } from "@/lib/partners/review-screen";
import { legalFormText } from "@/lib/partners/review-texts";

/** One side of the side-by-side comparison: CRM company or accounting partner. */
export function PartyCard({ title, party, empty, unnamed, href }: { title: string; party: PartyView | null; empty: string; unnamed: string; href?: string }) {
  const t = useTranslations("partners");
  const name = party?.name ?? unnamed;
  return (
    <div className="min-w-0 flex-1 rounded-md border border-slate-200 p-3">
      <p className="mb-1 text-xs font-medium text-slate-500">{title}</p>
      {party ? (
        <dl className="grid grid-cols-[7rem_1fr] gap-x-2 gap-y-0.5 text-sm">
          <dt className="text-slate-500">{t("party.name")}</dt>
          <dd className="font-medium break-all">
            {href ? (
              <a href={href} target="_blank" rel="noreferrer" className="text-brand-700 underline">
                {name}
              </a>
            ) : (
              name
            )}
          </dd>
          <dt className="text-slate-500">{t("party.legalForm")}</dt>
          <dd>{party.legalForm ? legalFormText(party.legalForm, t) : t("party.noLegalForm")}</dd>
          <dt className="text-slate-500">{t("party.number")}</dt>
          <dd className="font-mono">{party.number ? (party.number.kind === "corporate" ? t("party.corporateNumber", { number: party.number.value }) : party.number.value) : "—"}</dd>
          <dt className="text-slate-500">{t("party.address")}</dt>
          <dd className="break-all">{party.address ?? "—"}</dd>
          <dt className="text-slate-500">{t("party.phone")}</dt>
          <dd>{party.phone ?? "—"}</dd>
          <dt className="text-slate-500">{t("party.id")}</dt>
          <dd className="font-mono text-xs">{party.code ? t("party.idWithCode", { id: party.id, code: party.code }) : party.id}</dd>
        </dl>
      ) : (
        <p className="text-sm text-slate-500">{empty}</p>
      )}
    </div>
  );
}
