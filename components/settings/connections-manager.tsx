"use client";

import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Table, Td, Th } from "@/components/ui/table";
import { connectPrivateAppAction, connectSandboxAction, disconnectConnectionAction, syncNowAction } from "@/lib/actions/connections";
import { formatDateTime } from "@/lib/format";

export type ConnectionRow = {
  id: string;
  provider: "hubspot" | "freee" | "moneyforward";
  authType: string;
  status: "active" | "reauthorize" | "disconnected";
  account: string;
  tokenExpiresAt: string | null;
  lastError: string | null;
};

const PROVIDER_LABEL: Record<ConnectionRow["provider"], string> = { hubspot: "HubSpot", freee: "freee", moneyforward: "Money Forward" };

function StatusBadge({ status }: { status: ConnectionRow["status"] }) {
  const t = useTranslations("connections");
  if (status === "active") return <Badge tone="success">{t("statusActive")}</Badge>;
  if (status === "reauthorize") return <Badge tone="danger">{t("statusReauthorize")}</Badge>;
  return <Badge>{t("statusDisconnected")}</Badge>;
}

function ConnectionActions({ row }: { row: ConnectionRow }) {
  const t = useTranslations("connections");
  const [pending, start] = useTransition();
  const [message, setMessage] = useState<string | null>(null);
  if (row.status === "disconnected") return null;
  return (
    <div className="flex flex-wrap items-center gap-2">
      {row.provider === "hubspot" && row.status === "active" ? (
        <Button size="sm" variant="secondary" disabled={pending} onClick={() => start(async () => setMessage((await syncNowAction({ connectionId: row.id, mode: "incremental" })).ok ? t("syncQueued") : "!"))}>
          {t("syncNow")}
        </Button>
      ) : null}
      {row.provider === "hubspot" && row.status === "reauthorize" ? (
        <Button size="sm" asChild>
          <a href="/api/oauth/hubspot/authorize">{t("connectOAuth")}</a>
        </Button>
      ) : null}
      <Button
        size="sm"
        variant="danger"
        disabled={pending}
        data-testid={`disconnect-${row.id}`}
        onClick={() => {
          if (!window.confirm(t("confirmDisconnect"))) return;
          start(async () => {
            const r = await disconnectConnectionAction({ connectionId: row.id });
            if (!r.ok) setMessage(r.message);
          });
        }}
      >
        {t("disconnect")}
      </Button>
      {message ? <span className="text-xs text-slate-600">{message}</span> : null}
    </div>
  );
}

export function ConnectionsManager({ connections, sandbox, notice, error }: { connections: ConnectionRow[]; sandbox: boolean; notice: "connected" | null; error: string | null }) {
  const t = useTranslations("connections");
  const [pending, start] = useTransition();
  const [message, setMessage] = useState<string | null>(null);
  const [token, setToken] = useState("");
  const [portalId, setPortalId] = useState("");
  return (
    <div className="space-y-6">
      {notice ? <p className="rounded-md bg-green-50 px-4 py-2 text-sm text-green-800">{t("connected")}</p> : null}
      {error ? <p className="rounded-md bg-red-50 px-4 py-2 text-sm text-red-800">{t("error", { reason: error })}</p> : null}
      <Card>
        <CardContent>
          {connections.length === 0 ? (
            <p className="text-sm text-slate-600">{t("none")}</p>
          ) : (
            <Table>
              <thead>
                <tr>
                  <Th>{t("provider")}</Th>
                  <Th>{t("account")}</Th>
                  <Th>{t("authType")}</Th>
                  <Th>{t("status")}</Th>
                  <Th>{t("tokenExpiry")}</Th>
                  <Th />
                </tr>
              </thead>
              <tbody>
                {connections.map((c) => (
                  <tr key={c.id} data-testid={`connection-${c.provider}`}>
                    <Td className="font-medium">{PROVIDER_LABEL[c.provider]}</Td>
                    <Td>{c.account}</Td>
                    <Td className="text-xs">{c.authType === "oauth" ? t("oauth") : c.authType === "private_app" ? t("privateApp") : c.authType}</Td>
                    <Td>
                      <StatusBadge status={c.status} />
                      {c.status === "reauthorize" && c.lastError ? <div className="mt-1 max-w-xs truncate text-xs text-red-700">{c.lastError}</div> : null}
                    </Td>
                    <Td className="text-xs">{c.tokenExpiresAt ? formatDateTime(c.tokenExpiresAt) : "—"}</Td>
                    <Td>
                      <ConnectionActions row={c} />
                    </Td>
                  </tr>
                ))}
              </tbody>
            </Table>
          )}
        </CardContent>
      </Card>

      <div className="grid gap-4 md:grid-cols-2">
        <Card>
          <CardHeader>
            <CardTitle>HubSpot</CardTitle>
          </CardHeader>
          <CardContent className="space-y-3">
            <p className="text-sm text-slate-600">{t("connectOAuthHelp")}</p>
            <Button asChild>
              <a href="/api/oauth/hubspot/authorize" data-testid="connect-hubspot-oauth">{t("connectOAuth")}</a>
            </Button>
            {sandbox ? (
              <div className="border-t border-slate-100 pt-3">
                <p className="mb-2 text-sm text-slate-600">{t("sandboxHelp")}</p>
                <Button
                  variant="secondary"
                  disabled={pending}
                  data-testid="connect-sandbox"
                  onClick={() => start(async () => {
                    const r = await connectSandboxAction({ confirm: true });
                    setMessage(r.ok ? t("connected") : r.message);
                  })}
                >
                  {t("connectSandbox")}
                </Button>
              </div>
            ) : null}
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>{t("privateAppTitle")}</CardTitle>
          </CardHeader>
          <CardContent>
            <form
              className="space-y-3"
              onSubmit={(e) => {
                e.preventDefault();
                start(async () => {
                  const r = await connectPrivateAppAction({ token, portalId });
                  setMessage(r.ok ? t("connected") : r.message);
                  if (r.ok) setToken("");
                });
              }}
            >
              <p className="text-sm text-slate-600">{t("privateAppHelp")}</p>
              <div className="space-y-1">
                <Label htmlFor="hs-token">{t("token")}</Label>
                <Input id="hs-token" type="password" autoComplete="off" value={token} onChange={(e) => setToken(e.target.value)} />
              </div>
              <div className="space-y-1">
                <Label htmlFor="hs-portal">{t("portalId")}</Label>
                <Input id="hs-portal" inputMode="numeric" value={portalId} onChange={(e) => setPortalId(e.target.value)} />
              </div>
              <Button type="submit" variant="secondary" disabled={pending || !token || !portalId}>
                {t("connectToken")}
              </Button>
            </form>
          </CardContent>
        </Card>
      </div>
      {message ? <p className="text-sm text-slate-700" role="status">{message}</p> : null}
    </div>
  );
}
