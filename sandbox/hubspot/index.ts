/** HubSpot emulator entry point (contract: `startHubSpotEmulator(opts) → Promise<EmulatorHandle>`). */
export { startHubSpotEmulator, type HubSpotEmulator, type HubSpotEmulatorOptions } from "./emulator";
export { CLIENT_ID, CLIENT_SECRET, PRIVATE_APP_TOKEN, PORTAL_ID, APP_ID } from "./auth";
export { signV3 } from "./webhooks";
