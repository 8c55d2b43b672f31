import { test as base, expect, type Page } from "@playwright/test";
// client.ts's ADMIN_KEY_STORAGE (that module needs a browser to load).
const ADMIN_KEY_STORAGE = "smart-suggest.admin-key";
import { CHROMIUM, E2E_ADMIN_KEY, E2E_STOREFRONT_KEY, HAS_CHROMIUM } from "../playwright.config";

export { E2E_ADMIN_KEY, expect };
export const SCREENSHOTS = "e2e/screenshots";

interface Fixtures {
  /** Console messages a test expects (e.g. the 401 that makes the key prompt appear). */
  allowConsoleErrors: RegExp[];
  consoleErrors: string[];
}

/**
 * Every spec fails on a browser console error or an uncaught page error, except the ones it
 * names in `allowConsoleErrors`; and skips, saying why, where Debian's Chromium is missing.
 */
export const test = base.extend<Fixtures>({
  // The service has keys configured, as a deployment does: each page starts holding the
  // storefront's key (the dashboard reads users' data with it) and asks for the admin key
  // when an administrative call is refused.
  page: async ({ page }, use) => {
    await page.addInitScript(
      ({ name, key }) => {
        if (!sessionStorage.getItem(name)) sessionStorage.setItem(name, key);
      },
      { name: ADMIN_KEY_STORAGE, key: E2E_STOREFRONT_KEY },
    );
    await use(page);
  },
  allowConsoleErrors: [[], { option: true }],
  consoleErrors: async ({ page, allowConsoleErrors }, use) => {
    const errors: string[] = [];
    page.on("console", (message) => {
      if (message.type() !== "error") return;
      const text = `${message.text()} (${message.location().url})`;
      if (!allowConsoleErrors.some((pattern) => pattern.test(text))) errors.push(text);
    });
    page.on("pageerror", (error) => errors.push(`page error: ${error.message}`));
    await use(errors);
    expect(errors, "browser console errors").toEqual([]);
  },
});

/** Call at the top of each spec file: skips it, saying why, where Chromium is missing. */
export function skipWithoutChromium() {
  test.skip(
    !HAS_CHROMIUM,
    `no Chromium at ${CHROMIUM}: install Debian's chromium package (apt-get install chromium) to run the browser tests`,
  );
}

/** Opens a tab of the dashboard by its name, as a person would. */
export async function openTab(page: Page, name: string) {
  await page.getByRole("tab", { name }).click();
  await expect(page.getByRole("tab", { name })).toHaveAttribute("aria-selected", "true");
}

/** Answers the admin-key prompt when the service asks for the key. */
export async function giveAdminKey(page: Page) {
  const dialog = page.getByRole("dialog", { name: "Admin key needed" });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel("Admin key").fill(E2E_ADMIN_KEY);
  await dialog.getByRole("button", { name: "Use key" }).click();
  await expect(dialog).toBeHidden();
}

/** The page is no wider than the viewport: nothing scrolls sideways. */
export async function expectNoSidewaysScroll(page: Page) {
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }));
  expect(scrollWidth, "page width at this viewport").toBeLessThanOrEqual(clientWidth);
}
