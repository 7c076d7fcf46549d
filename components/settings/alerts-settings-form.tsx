"use client";

import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { saveAlertChannelsAction, sendTestAlertAction } from "@/lib/actions/alerts";
import type { AlertChannelsView } from "@/lib/alerts/channels";

export function AlertsSettingsForm({ initial }: { initial: AlertChannelsView }) {
  const t = useTranslations("alertSettings");
  const [view, setView] = useState(initial);
  const [slackEnabled, setSlackEnabled] = useState(initial.slack.enabled);
  const [webhookUrl, setWebhookUrl] = useState("");
  const [emailEnabled, setEmailEnabled] = useState(initial.email.enabled);
  const [smtpUrl, setSmtpUrl] = useState("");
  const [from, setFrom] = useState(initial.email.from ?? "");
  const [to, setTo] = useState(initial.email.to.join(", "));
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, start] = useTransition();

  const save = () =>
    start(async () => {
      const r = await saveAlertChannelsAction({
        slackEnabled,
        slackWebhookUrl: webhookUrl.trim(),
        emailEnabled,
        smtpUrl: smtpUrl.trim(),
        emailFrom: from.trim(),
        emailTo: to
          .split(/[,\s]+/)
          .map((s) => s.trim())
          .filter(Boolean),
      });
      if (r.ok) {
        setView(r.data);
        setWebhookUrl("");
        setSmtpUrl("");
        setMessage({ ok: true, text: t("saved") });
      } else {
        setMessage({ ok: false, text: [r.message, ...Object.values(r.fieldErrors ?? {}).flat()].join(" ") });
      }
    });

  const test = (channel: "slack" | "email") =>
    start(async () => {
      const r = await sendTestAlertAction({ channel });
      if (!r.ok) setMessage({ ok: false, text: r.message });
      else setMessage(r.data.ok ? { ok: true, text: t("testOk") } : { ok: false, text: t("testFailed", { error: r.data.error ?? "" }) });
    });

  return (
    <div className="max-w-2xl space-y-4">
      {message ? (
        <p role="status" data-testid="alerts-message" className={message.ok ? "text-sm text-emerald-700" : "text-sm text-red-700"}>
          {message.text}
        </p>
      ) : null}
      <Card>
        <CardHeader>
          <CardTitle>{t("slack")}</CardTitle>
        </CardHeader>
        <CardContent className="space-y-3">
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" checked={slackEnabled} onChange={(e) => setSlackEnabled(e.target.checked)} data-testid="alerts-slack-enabled" />
            {t("enabled")}
          </label>
          <div className="space-y-1">
            <Label htmlFor="slack-url">{t("webhookUrl")}</Label>
            <Input id="slack-url" type="url" autoComplete="off" placeholder="https://hooks.slack.com/services/…" value={webhookUrl} onChange={(e) => setWebhookUrl(e.target.value)} />
            {view.slack.webhookConfigured ? <p className="text-xs text-slate-500">{t("webhookConfigured", { host: view.slack.webhookHost ?? "" })}</p> : null}
          </div>
          <Button type="button" variant="secondary" size="sm" disabled={pending} onClick={() => test("slack")} data-testid="alerts-test-slack">
            {t("sendTest")}
          </Button>
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>{t("email")}</CardTitle>
        </CardHeader>
        <CardContent className="space-y-3">
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" checked={emailEnabled} onChange={(e) => setEmailEnabled(e.target.checked)} data-testid="alerts-email-enabled" />
            {t("enabled")}
          </label>
          <div className="space-y-1">
            <Label htmlFor="smtp-url">{t("smtpUrl")}</Label>
            <Input id="smtp-url" type="password" autoComplete="off" placeholder="smtp://user:pass@smtp.example.jp:587" value={smtpUrl} onChange={(e) => setSmtpUrl(e.target.value)} />
            {view.email.smtpConfigured ? <p className="text-xs text-slate-500">{t("smtpConfigured", { host: view.email.smtpHost ?? "" })}</p> : null}
          </div>
          <div className="space-y-1">
            <Label htmlFor="smtp-from">{t("from")}</Label>
            <Input id="smtp-from" type="email" value={from} onChange={(e) => setFrom(e.target.value)} />
          </div>
          <div className="space-y-1">
            <Label htmlFor="smtp-to">{t("to")}</Label>
            <Input id="smtp-to" value={to} onChange={(e) => setTo(e.target.value)} placeholder="finance@example.jp, cfo@example.jp" />
          </div>
          <Button type="button" variant="secondary" size="sm" disabled={pending} onClick={() => test("email")} data-testid="alerts-test-email">
            {t("sendTest")}
          </Button>
        </CardContent>
      </Card>
      <Button type="button" disabled={pending} onClick={save} data-testid="alerts-save">
        {t("save")}
      </Button>
    </div>
  );
}
