/**
 * The dashboard against the real service on a fresh SQLite database (see e2e/service.mjs),
 * in Debian's headless Chromium. The specs run in order and share the service's data: the
 * first loads the sample data, the last clears it.
 */
import {
  E2E_ADMIN_KEY,
  expect,
  expectNoSidewaysScroll,
  giveAdminKey,
  openTab,
  SCREENSHOTS,
  skipWithoutChromium,
  test,
} from "./fixtures";

/** The fields of GET /items/{id} these specs read. */
interface Item {
  title: string;
  category: string;
  description: string;
}

skipWithoutChromium();

test.describe.configure({ mode: "serial" });

// The prompt for the key is caused by exactly these refusals (seeding, clearing, creating
// and stopping tests, starting an evaluation run).
const ADMIN_REFUSED = [
  /status of 40[13] .*\/(seed|seed\/clear|ab_tests|ab_tests\/\d+\/stop|evaluation\/runs)\)$/,
];

test.describe("dashboard", () => {
  test.use({ allowConsoleErrors: ADMIN_REFUSED });

  test("overview asks for the admin key, loads the sample data and counts it", async ({
    page,
    consoleErrors,
  }) => {
    await page.goto("/");
    await expect(page.getByRole("heading", { name: "smart-suggest" })).toBeVisible();
    await expect(page.getByText("Service ok")).toBeVisible();
    const counts = page
      .getByRole("region", { name: "Live counts" })
      .or(page.getByLabel("Live counts"));
    await expect(counts.getByText("Users")).toBeVisible();

    await page.getByRole("button", { name: "Load sample data" }).click();
    await giveAdminKey(page);
    await expect(page.getByText(/Sample data loaded/)).toBeVisible();
    const users = page.getByLabel("Live counts").locator(".card", { hasText: "Users" });
    await expect(users.locator("dd")).toHaveText("50");
    const items = page.getByLabel("Live counts").locator(".card", { hasText: "Items" });
    await expect(items.locator("dd")).toHaveText("20");
    await expect(page.getByRole("heading", { name: "Architecture" })).toBeVisible();
    await page.screenshot({ path: `${SCREENSHOTS}/overview.png`, fullPage: true });
    expect(consoleErrors).toEqual([]);
  });

  test("a picked user gets two lists; a click lands in the history and leaves the list", async ({
    page,
  }) => {
    await page.goto("/#recommendations");
    await page.getByLabel("Find a user").fill("user-001");
    await page
      .getByRole("list", { name: "Matching users" })
      .getByRole("button", { name: /^user-001/ })
      .click();

    const cf = page.getByRole("list", { name: "v1 · collaborative filtering items" });
    const content = page.getByRole("list", { name: "v2 · content-based items" });
    await expect(cf.getByRole("listitem").first()).toBeVisible();
    await expect(content.getByRole("listitem").first()).toBeVisible();

    const history = page.getByRole("table", { name: "User history" });
    await expect(history.getByRole("row").nth(1)).toBeVisible();
    const firstItem = cf.getByRole("listitem").first();
    const itemId = (await firstItem.locator(".item-id").first().textContent())?.trim() ?? "";
    expect(itemId).not.toBe("");

    await firstItem.getByRole("button", { name: /^Click / }).click();
    await expect(page.getByText(/^Logged click on /)).toBeVisible();
    // Newest first: the click heads the history, and the item leaves the user's CF list.
    await expect(history.getByRole("row").nth(1)).toContainText("click");
    await expect(history.getByRole("row").nth(1)).toContainText(itemId);
    await expect(cf.getByText(itemId, { exact: false })).toHaveCount(0);
    await page.screenshot({ path: `${SCREENSHOTS}/recommendations.png`, fullPage: true });
  });

  test("an item added to the catalog shows up in the content-based list at once", async ({
    page,
    request,
  }) => {
    await page.goto("/#recommendations");
    await page.getByLabel("Find a user").fill("user-002");
    await page
      .getByRole("list", { name: "Matching users" })
      .getByRole("button", { name: /^user-002/ })
      .click();
    const content = page.getByRole("list", { name: "v2 · content-based items" });
    await expect(content.getByRole("listitem").first()).toBeVisible();

    // A near-copy of the user's best content match must rank among their content results.
    const topId = (
      await content.getByRole("listitem").first().locator(".item-id").first().textContent()
    )?.trim();
    const top = (await (await request.get(`/items/${topId}`)).json()) as Item;
    const title = `${top.title} Second Edition`;
    await page.getByLabel("Item id").fill("e2e-new-item");
    await page.getByLabel("Title").fill(title);
    await page.getByLabel("Category").fill(top.category);
    await page.getByLabel("Description").fill(top.description);
    await page.getByRole("button", { name: "Add item" }).click();
    await expect(page.getByText(`Added “${title}”.`)).toBeVisible();
    await expect(content.getByText(title)).toBeVisible();
  });

  test("other strategies come on demand", async ({ page }) => {
    await page.goto("/#recommendations");
    await page.getByLabel("Find a user").fill("user-003");
    await page
      .getByRole("list", { name: "Matching users" })
      .getByRole("button", { name: /^user-003/ })
      .click();
    const strategy = page.getByLabel("Strategy", { exact: true });
    await expect(strategy).toBeVisible();
    const name = await strategy.locator("option").first().getAttribute("value");
    await page.getByRole("button", { name: "Add list" }).click();
    await expect(
      page
        .getByRole("list", { name: `${name} items` })
        .getByRole("listitem")
        .first(),
    ).toBeVisible();
  });

  test("a list served under a running test names the user's variant and takes attributed clicks", async ({
    page,
    request,
  }) => {
    // The seeded test is stopped at seed time (live traffic never lands in it): start one.
    const created = await request.post("/ab_tests", {
      headers: { "X-API-Key": E2E_ADMIN_KEY },
      data: { name: "e2e: attributed clicks" },
    });
    expect(created.status()).toBe(201);
    const testId = ((await created.json()) as { id: number }).id;
    await page.goto("/#recommendations");
    await page.getByLabel("Find a user").fill("user-004");
    await page
      .getByRole("list", { name: "Matching users" })
      .getByRole("button", { name: /^user-004/ })
      .click();
    await page.getByLabel("Test", { exact: true }).selectOption({ value: String(testId) });
    const served = page.getByRole("list", { name: /^test #\d+ items$/ });
    await expect(served.getByRole("listitem").first()).toBeVisible();
    const assignment = (await (
      await request.get(`/ab_tests/${testId}/assignments?user_id=user-004`)
    ).json()) as { variant: string };
    await expect(page.getByText(`variant ${assignment.variant} · strategy`)).toBeVisible();

    type Results = { variants: { variant: string; clicks: number }[] };
    const clicksNow = async () => {
      const results = (await (await request.get(`/ab_tests/${testId}/results`)).json()) as Results;
      return results.variants.find((v) => v.variant === assignment.variant)?.clicks ?? 0;
    };
    const before = await clicksNow();
    await served
      .getByRole("listitem")
      .first()
      .getByRole("button", { name: /^Click / })
      .click();
    await expect(page.getByText(/^Logged click on /)).toBeVisible();
    await expect.poll(clicksNow).toBe(before + 1);
  });

  test("the seeded test shows its verdict and interval chart; a new test can be created", async ({
    page,
  }) => {
    await page.goto("/#ab-tests");
    const tests = page.getByRole("list", { name: "A/B tests" });
    await expect(tests.getByRole("button").first()).toBeVisible();
    const verdict = page.getByRole("region", { name: "Verdict" });
    await expect(verdict).toBeVisible();
    await expect(verdict.locator(".verdict-text")).not.toHaveText(/no verdict/);
    await expect(page.getByRole("table", { name: "Results per metric" })).toBeVisible();
    await expect(page.getByRole("table", { name: "Counts per variant" })).toBeVisible();
    const cumulative = page.getByRole("figure", { name: /^Cumulative CTR lift of treatment/ });
    await expect(cumulative.locator("svg .recharts-area").first()).toBeAttached();
    await page.screenshot({ path: `${SCREENSHOTS}/ab-tests.png`, fullPage: true });

    await page.getByLabel("Test name").fill("e2e: item_cf against popular");
    await page.getByLabel("Variant 1 strategy").selectOption("item_cf");
    await page.getByLabel("Variant 2 strategy").selectOption("popular");
    await page.getByLabel("Variant 2 weight").fill("0.3");
    await page.getByRole("button", { name: "Create test" }).click();
    await giveAdminKey(page);
    await expect(page.getByRole("heading", { name: /e2e: item_cf against popular/ })).toBeVisible();
    const created = tests.getByRole("button", { name: /e2e: item_cf against popular/ });
    await expect(created).toHaveAttribute("aria-pressed", "true");
    await expect(created).toContainText("active");

    // Stopping asks first (the key given above is kept for the browser session), and the test
    // shows as stopped.
    await page.getByRole("button", { name: "Stop test" }).click();
    await page
      .getByRole("alertdialog", { name: /Stop “e2e: item_cf against popular”/ })
      .getByRole("button", { name: "Yes, stop the test" })
      .click();
    await expect(created).toContainText("stopped");
    await expect(page.getByRole("button", { name: "Stop test" })).toHaveCount(0);
  });

  test("the evaluation runs every strategy with progress and shows a chart and a table", async ({
    page,
  }) => {
    test.setTimeout(180_000);
    await page.goto("/#evaluation");
    await page.getByRole("button", { name: "Run evaluation" }).click();
    await giveAdminKey(page);
    const table = page.getByRole("table", { name: "Offline evaluation per strategy" });
    await expect(table).toBeVisible({ timeout: 150_000 });
    await expect(page.getByText(/^Done: \d+ strategies evaluated/)).toBeVisible({
      timeout: 150_000,
    });
    expect(await table.getByRole("row").count()).toBeGreaterThan(2);
    await expect(table.getByRole("columnheader", { name: "NDCG@10" })).toBeVisible();
    await expect(page.getByRole("figure", { name: "Offline metrics per strategy" })).toBeVisible();
    await page.screenshot({ path: `${SCREENSHOTS}/evaluation.png`, fullPage: true });
  });

  test("at 390 px no tab scrolls sideways", async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto("/");
    for (const tab of ["Overview", "Recommendations", "A/B tests", "Evaluation"]) {
      await openTab(page, tab);
      if (tab === "Recommendations") {
        await page.getByLabel("Find a user").fill("user-001");
        await page
          .getByRole("list", { name: "Matching users" })
          .getByRole("button", { name: /^user-001/ })
          .click();
        await expect(
          page
            .getByRole("list", { name: "v2 · content-based items" })
            .getByRole("listitem")
            .first(),
        ).toBeVisible();
      }
      if (tab === "A/B tests")
        await expect(page.getByRole("region", { name: "Verdict" })).toBeVisible();
      await page.waitForLoadState("networkidle");
      await expectNoSidewaysScroll(page);
      if (tab === "A/B tests")
        await page.screenshot({ path: `${SCREENSHOTS}/ab-tests-390px.png`, fullPage: true });
    }
  });

  test("the tabs can be used from the keyboard", async ({ page }) => {
    await page.goto("/");
    await page.getByRole("tab", { name: "Overview" }).focus();
    await page.keyboard.press("ArrowRight");
    await expect(page.getByRole("tab", { name: "Recommendations" })).toBeFocused();
    await expect(page.getByRole("tab", { name: "Recommendations" })).toHaveAttribute(
      "aria-selected",
      "true",
    );
    await page.keyboard.press("End");
    await expect(page.getByRole("tab", { name: "Evaluation" })).toHaveAttribute(
      "aria-selected",
      "true",
    );
    // Tab leaves the tab list for the first control of the panel.
    await expect(page.getByRole("button", { name: "Run evaluation" })).toBeVisible();
    await page.keyboard.press("Tab");
    await expect(page.getByRole("button", { name: "Run evaluation" })).toBeFocused();
  });

  test("clear data asks first, then empties every count", async ({ page }) => {
    await page.goto("/");
    const users = page.getByLabel("Live counts").locator(".card", { hasText: "Users" });
    await expect(users.locator("dd")).toHaveText("50");
    await page.getByRole("button", { name: "Clear data" }).click();
    const confirm = page.getByRole("alertdialog", { name: "Clear all data?" });
    await confirm.getByRole("button", { name: "Cancel" }).click();
    await expect(users.locator("dd")).toHaveText("50");

    await page.getByRole("button", { name: "Clear data" }).click();
    await confirm.getByRole("button", { name: "Yes, clear everything" }).click();
    await giveAdminKey(page);
    await expect(page.getByText("All data removed.")).toBeVisible();
    await expect(users.locator("dd")).toHaveText("0");
    await openTab(page, "Recommendations");
    await expect(page.getByText(/No users yet/)).toBeVisible();
    expect(E2E_ADMIN_KEY).not.toBe("");
  });
});

test.describe("when the service is down", () => {
  // Every API call is cut off on purpose; the browser reports each failed load.
  test.use({ allowConsoleErrors: [/Failed to load resource/, /net::ERR_FAILED/] });

  test("each tab says the service is unreachable instead of going blank", async ({ page }) => {
    await page.route(
      /\/(health|users|items|ab_tests|strategies|recommendations|seed|evaluation)(\/|\?|$)/,
      (route) => route.abort("connectionrefused"),
    );
    await page.goto("/");
    await expect(page.getByText("Service unreachable")).toBeVisible();
    await expect(page.getByText(/The service is not reachable/).first()).toBeVisible({
      timeout: 20_000,
    });
    await openTab(page, "A/B tests");
    await expect(page.getByText(/The service is not reachable/).first()).toBeVisible({
      timeout: 20_000,
    });
    await page.screenshot({ path: `${SCREENSHOTS}/service-down.png` });
  });
});
