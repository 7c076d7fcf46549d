import type { PartyView } from "@/lib/partners/review-screen";

/** One side of the side-by-side comparison: CRM company or accounting partner. */
export function PartyCard({ title, party, empty, href }: { title: string; party: PartyView | null; empty: string; href?: string }) {
  return (
    <div className="min-w-0 flex-1 rounded-md border border-slate-200 p-3">
      <p className="mb-1 text-xs font-medium text-slate-500">{title}</p>
      {party ? (
        <dl className="grid grid-cols-[7rem_1fr] gap-x-2 gap-y-0.5 text-sm">
          <dt className="text-slate-500">名称</dt>
          <dd className="font-medium break-all">
            {href ? (
              <a href={href} target="_blank" rel="noreferrer" className="text-brand-700 underline">
                {party.name}
              </a>
            ) : (
              party.name
            )}
          </dd>
          <dt className="text-slate-500">法人格</dt>
          <dd>{party.legalForm ?? "なし"}</dd>
          <dt className="text-slate-500">登録番号・法人番号</dt>
          <dd className="font-mono">{party.number ?? "—"}</dd>
          <dt className="text-slate-500">住所</dt>
          <dd className="break-all">{party.address ?? "—"}</dd>
          <dt className="text-slate-500">電話</dt>
          <dd>{party.phone ?? "—"}</dd>
          <dt className="text-slate-500">ID</dt>
          <dd className="font-mono text-xs">
            {party.id}
            {party.code ? `（コード ${party.code}）` : ""}
          </dd>
        </dl>
      ) : (
        <p className="text-sm text-slate-500">{empty}</p>
      )}
    </div>
  );
}
