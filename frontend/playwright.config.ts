import { existsSync } from "node:fs";
import { defineConfig } from "@playwright/test";

/** Debian's Chromium; Playwright's own browser downloads are not used. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const HAS_CHROMIUM = existsSync(CHROMIUM);
if (!HAS_CHROMIUM) {
  console.warn(
    `Skipping the browser tests: no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH).`,
  );
}
// Other test runs may share this machine, so the port is picked per run unless given. The
// workers inherit it through the environment, so they talk to the same service.
process.env.E2E_PORT ??= String(20_000 + (process.pid % 20_000));
const port = Number(process.env.E2E_PORT);
/** The service demands this key for seeding and clearing, so the key prompt is tested. */
export const E2E_ADMIN_KEY = process.env.E2E_ADMIN_KEY ?? "e2e-admin-key";
/** The storefront's key: events, items and users' data; what the dashboard keeps at first. */
export const E2E_STOREFRONT_KEY = process.env.E2E_STOREFRONT_KEY ?? "e2e-storefront-key";

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    viewport: { width: 1280, height: 900 },
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: CHROMIUM,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-dev-shm-usage",
      ],
    },
  },
  // Without Chromium the specs skip themselves; no service is started for nothing.
  webServer: HAS_CHROMIUM
    ? {
        command: "node e2e/service.mjs",
        url: `http://127.0.0.1:${port}/health`,
        reuseExistingServer: false,
        timeout: 120_000,
        env: { E2E_PORT: String(port), E2E_ADMIN_KEY, E2E_STOREFRONT_KEY },
        stdout: "ignore",
        stderr: "pipe",
      }
    : undefined,
});
