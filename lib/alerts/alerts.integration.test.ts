import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { alertEvents } from "@/db/schema";
import { startWorker, type RunningWorker } from "@/lib/jobs/run-worker";
import { defineJob, type JobDefinition } from "@/lib/jobs/types";
import { openTestDb, truncateAll } from "@/test/db";
import { getAlertChannelsView, saveAlertChannels } from "./channels";
import { raiseAlert } from "./raise-alert";
import { registerAlertListeners } from "./register-alert-listeners";
import { sendTestAlert } from "./send-test-alert";

/** Alerts delivered to a local SMTP sink and a local HTTP webhook receiver (stand-ins for Slack and a mail server). */
const { db, url, close } = openTestDb();
const mails: { to: string; body: string }[] = [];
const hooks: { text: string }[] = [];
let smtp: SMTPServer;
let smtpPort = 0;
let receiver: Server;
let hookUrl = "";
let worker: RunningWorker | null = null;

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    onData(stream, session, callback) {
      let body = "";
      stream.on("data", (c: Buffer) => (body += c.toString("utf8")));
      stream.on("end", () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address).join(","), body });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", () => resolve()));
  smtpPort = (smtp.server.address() as AddressInfo).port;
  receiver = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString("utf8")));
    req.on("end", () => {
      hooks.push(JSON.parse(body) as { text: string });
      res.writeHead(200, { "content-type": "text/plain" }).end("ok");
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", () => resolve()));
  hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/services/T000/B000/xyz`;
});

afterAll(async () => {
  await worker?.stop();
  await new Promise<void>((r) => smtp.close(() => r()));
  await new Promise<void>((r) => receiver.close(() => r()));
  await close();
});

beforeEach(async () => {
  await truncateAll(db);
  mails.length = 0;
  hooks.length = 0;
  await saveAlertChannels(
    db,
    { slackEnabled: true, slackWebhookUrl: hookUrl, emailEnabled: true, smtpUrl: `smtp://127.0.0.1:${smtpPort}`, emailFrom: "kakehashi@example.jp", emailTo: ["finance@example.jp"] },
    null,
  );
});

async function waitFor(predicate: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("alerts", () => {
  it("stores channel secrets encrypted and never shows them back", async () => {
    const view = await getAlertChannelsView(db);
    expect(view.slack).toMatchObject({ enabled: true, webhookConfigured: true, webhookHost: expect.stringContaining("127.0.0.1") });
    expect(JSON.stringify(view)).not.toContain("/services/T000");
    const raw = await db.execute(`select value::text as v from app_settings where key = 'alerts.channels'` as never);
    expect(String((raw as unknown as { v: string }[])[0]?.v)).not.toContain("services/T000");
  });

  it("delivers to Slack and e-mail, once per dedup key", async () => {
    const first = await raiseAlert(db, { dedupKey: "test:1", kind: "test", title: "同期が失敗しました", body: "freee: HTTP 500" });
    expect(first?.map((d) => [d.channel, d.ok])).toEqual([
      ["slack", true],
      ["email", true],
    ]);
    const second = await raiseAlert(db, { dedupKey: "test:1", kind: "test", title: "同期が失敗しました", body: "freee: HTTP 500" });
    expect(second).toBeNull();
    expect(hooks).toHaveLength(1);
    expect(hooks[0]?.text).toContain("同期が失敗しました");
    expect(mails).toHaveLength(1);
    expect(mails[0]?.to).toBe("finance@example.jp");
    const rows = await db.select().from(alertEvents).where(eq(alertEvents.dedupKey, "test:1"));
    expect(rows).toHaveLength(1);
    expect(rows[0]?.deliveredAt).not.toBeNull();
  });

  it("a failing channel does not stop the other, and is recorded", async () => {
    await saveAlertChannels(db, { slackEnabled: true, slackWebhookUrl: "http://127.0.0.1:9/nothing-listens", emailEnabled: true, emailTo: ["finance@example.jp"] }, null);
    const res = await raiseAlert(db, { dedupKey: "test:2", kind: "test", title: "t", body: "b" });
    expect(res?.find((d) => d.channel === "slack")?.ok).toBe(false);
    expect(res?.find((d) => d.channel === "email")?.ok).toBe(true);
    expect(mails).toHaveLength(1);
  });

  it("send test reaches the chosen channel only", async () => {
    const r = await sendTestAlert(db, "email");
    expect(r.ok).toBe(true);
    expect(mails).toHaveLength(1);
    expect(hooks).toHaveLength(0);
    const s = await sendTestAlert(db, "slack");
    expect(s.ok).toBe(true);
    expect(hooks).toHaveLength(1);
  });

  it("a job failing after its last retry alerts once, not once per attempt", async () => {
    registerAlertListeners();
    let attempts = 0;
    const failing = defineJob({
      name: "test.alert-failing",
      schema: z.object({ n: z.number() }),
      queue: { retryLimit: 2, retryDelay: 1, retryBackoff: false },
      handler: async () => ({
        default: async () => {
          attempts++;
          throw new Error("freee 503: ただいまメンテナンス中です");
        },
      }),
    });
    worker = await startWorker({ url, definitions: [failing] as JobDefinition[], schedules: false, pollingIntervalSeconds: 0.5 });
    const id = await worker.boss.send("test.alert-failing", { n: 1 });
    await waitFor(async () => (await db.select().from(alertEvents).where(eq(alertEvents.dedupKey, `job-failed:${id}`))).length > 0);
    await new Promise((r) => setTimeout(r, 3000));
    expect(attempts).toBe(3);
    expect(await db.select().from(alertEvents).where(eq(alertEvents.kind, "job.failed"))).toHaveLength(1);
    expect(hooks.filter((h) => h.text.includes("test.alert-failing"))).toHaveLength(1);
    expect(mails).toHaveLength(1); // the body is MIME-encoded (Japanese), so count the messages
  }, 60_000);
});
