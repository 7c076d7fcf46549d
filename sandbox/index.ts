/**
 * Programmatic sandbox API for tests, scripts and the demo launcher (contract in sandbox/README.md):
 * `startSandbox({ hubspotPort?, freeePort?, mfPort?, seed?, hubspotWebhookUrl? })` starts the HubSpot, freee and
 * Money Forward emulators (port 0 = random free port) and returns their handles plus `stop()`.
 */
import type { EmulatorHandle, EmulatorSeed } from "./core/types";
import { startFreeeEmulator } from "./freee";
import { startHubSpotEmulator } from "./hubspot";
import { startMoneyForwardEmulator } from "./moneyforward";

export type { EmulatorHandle, EmulatorSeed } from "./core/types";
export { startHubSpotEmulator } from "./hubspot";
export { startFreeeEmulator } from "./freee";
export { startMoneyForwardEmulator } from "./moneyforward";

export type SandboxOptions = {
  hubspotPort?: number;
  freeePort?: number;
  mfPort?: number;
  /** Same seed for all three, so freee/MF partners overlap HubSpot companies. `false` starts empty. */
  seed?: EmulatorSeed | false;
  hubspotWebhookUrl?: string;
};

export type Sandbox = { hubspot: EmulatorHandle; freee: EmulatorHandle; mf: EmulatorHandle; stop(): Promise<void> };

export async function startSandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
  const seed = opts.seed ?? { seed: 42 };
  const started: EmulatorHandle[] = [];
  try {
    const hubspot = await startHubSpotEmulator({ port: opts.hubspotPort ?? 0, seed, ...(opts.hubspotWebhookUrl ? { webhookUrl: opts.hubspotWebhookUrl } : {}) });
    started.push(hubspot);
    const freee = await startFreeeEmulator({ port: opts.freeePort ?? 0, seed });
    started.push(freee);
    const mf = await startMoneyForwardEmulator({ port: opts.mfPort ?? 0, seed });
    started.push(mf);
    return {
      hubspot,
      freee,
      mf,
      stop: async () => {
        await Promise.all(started.map((h) => h.stop()));
      },
    };
  } catch (err) {
    // A port clash on the second or third emulator must not leave the first one running.
    await Promise.all(started.map((h) => h.stop().catch(() => undefined)));
    throw err;
  }
}
