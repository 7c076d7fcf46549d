"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { useEffect, useState, useTransition } from "react";
import { fetchJson } from "@/components/providers/query-provider";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Table, Td, Th } from "@/components/ui/table";
import { retrySyncFailureAction, syncConnectionNowAction } from "@/lib/actions/sync";
import { formatDateTime } from "@/lib/format";
import type { SyncHealth, SyncHealthConnection } from "@/lib/sync-accounting/sync-health";

const PROVIDER_LABEL = { hubspot: "HubSpot", freee: "freee", moneyforward: "Money Forward" } as const;
export const SYNC_HEALTH_QUERY_KEY = ["sync-health"] as const;
const REFRESH_MS = 5_000;

/** Seconds → "2時間5分" / "2h 5m". */
function useDuration() {
  const t = useTranslations("syncHealth");
  return (seconds: number) => {
    const s = Math.abs(seconds);
    if (s < 60) return t("seconds", { n: Math.floor(s) });
    if (s < 3600) return t("minutes", { n: Math.floor(s / 60) });
    if (s < 86_400) return t("hours", { h: Math.floor(s / 3600), m: Math.floor((s % 3600) / 60) });
    return t("days", { n: Math.floor(s / 86_400) });
  };
}

function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(id);
  }, [intervalMs]);
  return now;
}

function TokenCountdown({ expiresAt, now }: { expiresAt: string | null; now: number }) {
  const t = useTranslations("syncHealth");
  const duration = useDuration();
  if (!expiresAt) return <span className="text-slate-400">—</span>;
  const left = (Date.parse(expiresAt) - now) / 1000;
  if (left <= 0) return <Badge tone="warning">{t("tokenExpired")}</Badge>;
  return <span data-testid="token-countdown">{t("tokenExpiresIn", { d: duration(left) })}</span>;
}

function ConnectionCard({ c, canRetry, now, onChanged }: { c: SyncHealthConnection; canRetry: boolean; now: number; onChanged: () => void }) {
  const t = useTranslations("syncHealth");
  const locale = useLocale() as "ja" | "en";
  const duration = useDuration();
  const [pending, start] = useTransition();
  const [message, setMessage] = useState<string | null>(null);
  const run = (fn: () => Promise<{ ok: boolean; message?: string }>, ok: string) =>
    start(async () => {
      const r = await fn();
      setMessage(r.ok ? ok : (r.message ?? t("failed")));
      onChanged();
    });
  const statusTone = c.status === "active" ? "success" : "danger";
  return (
    <Card data-testid={`sync-connection-${c.provider}`}>
      <CardHeader>
        <div className="flex flex-wrap items-center justify-between gap-2">
          <CardTitle>
            {PROVIDER_LABEL[c.provider]} <span className="text-sm font-normal text-slate-500">{c.account}</span>
          </CardTitle>
          <div className="flex items-center gap-2">
            <Badge tone={statusTone}>{t(`status.${c.status}`)}</Badge>
            {c.throttledUntil ? <Badge tone="warning">{t("throttledUntil", { at: formatDateTime(c.throttledUntil, locale) })}</Badge> : null}
            {canRetry ? (
              <Button size="sm" variant="secondary" disabled={pending} onClick={() => run(() => syncConnectionNowAction({ connectionId: c.id }), t("queued"))} data-testid="sync-now">
                {t("syncNow")}
              </Button>
            ) : null}
          </div>
        </div>
      </CardHeader>
      <CardContent className="space-y-4">
        {message ? <p className="text-sm text-slate-600" role="status">{message}</p> : null}
        <dl className="grid grid-cols-2 gap-2 text-sm md:grid-cols-4">
          <div>
            <dt className="text-slate-500">{t("accessToken")}</dt>
            <dd>
              <TokenCountdown expiresAt={c.tokenExpiresAt} now={now} />
            </dd>
          </div>
          <div>
            <dt className="text-slate-500">{t("refreshToken")}</dt>
            <dd>
              <TokenCountdown expiresAt={c.refreshTokenExpiresAt} now={now} />
            </dd>
          </div>
          <div>
            <dt className="text-slate-500">{t("lastRefreshed")}</dt>
            <dd>{c.lastRefreshedAt ? formatDateTime(c.lastRefreshedAt, locale) : "—"}</dd>
          </div>
          {c.mirror ? (
            <div>
              <dt className="text-slate-500">{t("mirror")}</dt>
              <dd>{t("mirrorCounts", c.mirror)}</dd>
            </div>
          ) : null}
        </dl>
        {c.status === "reauthorize" ? (
          <p className="rounded bg-red-50 p-2 text-sm text-red-700" data-testid="reauthorize-notice">
            {t("reauthorize")} {c.lastError ? `(${c.lastError})` : ""}
          </p>
        ) : null}
        <Table>
          <thead>
            <tr>
              <Th>{t("object")}</Th>
              <Th>{t("lastSuccess")}</Th>
              <Th>{t("lag")}</Th>
              <Th className="text-right">{t("records")}</Th>
              <Th>{t("lastError")}</Th>
            </tr>
          </thead>
          <tbody>
            {c.objects.length === 0 ? (
              <tr>
                <Td colSpan={5} className="text-slate-400">
                  {t("neverSynced")}
                </Td>
              </tr>
            ) : (
              c.objects.map((o) => (
                <tr key={o.object} data-testid={`sync-object-${o.object}`}>
                  <Td>
                    {o.object} <span className="text-xs text-slate-400">{o.phase}</span>
                  </Td>
                  <Td>{o.lastSuccessAt ? formatDateTime(o.lastSuccessAt, locale) : "—"}</Td>
                  <Td>{o.lastSuccessAt ? duration((now - Date.parse(o.lastSuccessAt)) / 1000) : "—"}</Td>
                  <Td className="text-right tabular-nums">{o.recordCount.toLocaleString(locale)}</Td>
                  <Td className="max-w-md truncate text-red-700" title={o.lastError ?? undefined}>
                    {o.lastError ?? ""}
                  </Td>
                </tr>
              ))
            )}
          </tbody>
        </Table>
        {c.rateLimits.length > 0 ? (
          <div>
            <h3 className="mb-1 text-sm font-medium text-slate-600">{t("rateLimits")}</h3>
            <Table>
              <thead>
                <tr>
                  <Th>{t("bucket")}</Th>
                  <Th className="text-right">{t("headroom")}</Th>
                  <Th>{t("observed")}</Th>
                </tr>
              </thead>
              <tbody>
                {c.rateLimits.map((r) => (
                  <tr key={`${r.source}:${r.bucket}`}>
                    <Td>
                      {r.bucket} <span className="text-xs text-slate-400">{r.source === "provider" ? t("fromProvider") : t("fromLimiter")}</span>
                    </Td>
                    <Td className="text-right tabular-nums">{r.limit !== null && r.remaining !== null ? `${r.remaining} / ${r.limit}` : "—"}</Td>
                    <Td>{formatDateTime(r.observedAt, locale)}</Td>
                  </tr>
                ))}
              </tbody>
            </Table>
          </div>
        ) : null}
        <div>
          <h3 className="mb-1 text-sm font-medium text-slate-600">{t("failures", { n: c.failures.length })}</h3>
          {c.failures.length === 0 ? (
            <p className="text-sm text-slate-400" data-testid="no-failures">
              {t("noFailures")}
            </p>
          ) : (
            <Table>
              <thead>
                <tr>
                  <Th>{t("object")}</Th>
                  <Th>{t("record")}</Th>
                  <Th>{t("reason")}</Th>
                  <Th className="text-right">{t("attempts")}</Th>
                  <Th>{t("lastFailed")}</Th>
                  <Th />
                </tr>
              </thead>
              <tbody>
                {c.failures.map((f) => (
                  <tr key={f.id} data-testid="sync-failure-row">
                    <Td>{f.object}</Td>
                    <Td className="font-mono text-xs">{f.externalId}</Td>
                    <Td className="max-w-md text-red-700">{f.reason}</Td>
                    <Td className="text-right tabular-nums">{f.attempts}</Td>
                    <Td>{formatDateTime(f.lastFailedAt, locale)}</Td>
                    <Td>
                      {canRetry ? (
                        <Button size="sm" variant="secondary" disabled={pending} onClick={() => run(() => retrySyncFailureAction({ failureId: f.id }), t("retryQueued"))} data-testid="sync-failure-retry">
                          {t("retry")}
                        </Button>
                      ) : null}
                    </Td>
                  </tr>
                ))}
              </tbody>
            </Table>
          )}
        </div>
      </CardContent>
    </Card>
  );
}

export function SyncHealthBoard({ initial, canRetry, canConnect }: { initial: SyncHealth; canRetry: boolean; canConnect: boolean }) {
  const t = useTranslations("syncHealth");
  const queryClient = useQueryClient();
  const now = useNow();
  const { data, isError, dataUpdatedAt } = useQuery({
    queryKey: SYNC_HEALTH_QUERY_KEY,
    queryFn: () => fetchJson<SyncHealth>("/api/sync/health"),
    initialData: initial,
    refetchInterval: REFRESH_MS,
    staleTime: 0,
  });
  const refresh = () => void queryClient.invalidateQueries({ queryKey: SYNC_HEALTH_QUERY_KEY });
  const hasAccounting = data.connections.some((c) => c.provider !== "hubspot");
  return (
    <div className="space-y-4" data-testid="sync-health" data-updated-at={dataUpdatedAt}>
      <p className="text-xs text-slate-500">
        {t("autoRefresh", { s: REFRESH_MS / 1000 })}
        {isError ? <span className="ml-2 text-red-700">{t("refreshFailed")}</span> : null}
      </p>
      {!hasAccounting && canConnect ? (
        <p className="text-sm">
          {t("noAccounting")}{" "}
          <a className="text-brand-700 hover:underline" href="/api/oauth/freee/authorize">
            {t("connectFreee")}
          </a>{" "}
          ·{" "}
          <a className="text-brand-700 hover:underline" href="/api/oauth/moneyforward/authorize">
            {t("connectMf")}
          </a>
        </p>
      ) : null}
      {data.connections.length === 0 ? <p className="text-sm text-slate-500">{t("noConnections")}</p> : null}
      {data.connections.map((c) => (
        <ConnectionCard key={c.id} c={c} canRetry={canRetry} now={now} onChanged={refresh} />
      ))}
    </div>
  );
}
