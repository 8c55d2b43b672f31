/**
 * The A/B results page walked as a product manager would, at 1440 px and at 390 px, on the
 * seeded demo test and on a test nobody has seen yet. Screenshots go to docs/screenshots/.
 */
import type { Page } from "@playwright/test";
import {
  E2E_ADMIN_KEY,
  expect,
  expectNoSidewaysScroll,
  openTab,
  skipWithoutChromium,
  test,
} from "./fixtures";

const DOCS_SCREENSHOTS = "../docs/screenshots";
const admin = { "X-API-Key": E2E_ADMIN_KEY };

skipWithoutChromium();
test.describe.configure({ mode: "serial" });

interface TestRow {
  id: number;
  name: string;
}

let seededName = "";
let emptyTest: TestRow;

test.beforeAll(async ({ request }) => {
  // The dashboard spec ends by clearing the data, so this one loads its own.
  expect((await request.post("/seed", { headers: admin })).ok()).toBe(true);
  const tests = (await (await request.get("/ab_tests?status=all")).json()) as { tests: TestRow[] };
  seededName = tests.tests[0]?.name ?? "";
  const created = await request.post("/ab_tests", {
    headers: admin,
    data: {
      name: "e2e: an unseen test",
      variants: [
        { name: "control", strategy: "cf", weight: 0.5 },
        { name: "treatment", strategy: "popular", weight: 0.5 },
      ],
    },
  });
  expect(created.ok()).toBe(true);
  emptyTest = (await created.json()) as TestRow;
});

async function openTest(page: Page, name: string) {
  await page.goto("/");
  await openTab(page, "A/B tests");
  await page
    .getByRole("list", { name: "A/B tests" })
    .getByRole("button", { name: new RegExp(name.replace(/[()]/g, ".")) })
    .click();
  await expect(
    page.getByRole("heading", { level: 2, name: new RegExp(`#`) }).first(),
  ).toBeVisible();
}

/** Every percentage in a lift cell: none may read below -100 %. */
async function liftPercents(page: Page): Promise<number[]> {
  const texts = await page.locator(".metric-results .lift-text").allTextContents();
  return texts.flatMap((text) =>
    [...text.replace(/−/g, "-").matchAll(/([+-]?\d+(?:\.\d+)?)%/g)].map((m) => Number(m[1])),
  );
}

test("at 1440 px the seeded test reads as one table of metrics, a lift chart and a snippet", async ({
  page,
}) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await openTest(page, seededName);
  const facts = page.getByLabel("About this test");
  await expect(facts).toContainText("Started");
  await expect(facts).toContainText("Stopped");
  await expect(facts).toContainText("Primary metric");

  const table = page.getByRole("table", { name: "Results per metric" });
  const rows = table.locator("tbody tr");
  await expect(rows.first().getByRole("rowheader")).toContainText("CTR");
  await expect(rows.first().getByRole("rowheader")).toContainText("primary");
  // CTR is a percentage everywhere, with one definition per metric.
  await expect(rows.first().locator("td").first()).toHaveText(/^\d+\.\d{2}%$/);
  await expect(page.locator("main")).not.toContainText(/0\.\d{4}\b/);
  await expect(page.getByText(/engagement/i).first()).toBeVisible();
  for (const value of await liftPercents(page)) expect(value).toBeGreaterThanOrEqual(-100);
  // The sample ratio is fine here: no banner and no "passed" line.
  await expect(page.getByText(/Sample ratio (check|mismatch)/)).toHaveCount(0);

  const chart = page.getByRole("figure", { name: /^Cumulative CTR lift of treatment/ });
  await expect(chart.locator(".recharts-line-curve").first()).toBeAttached();
  await expect(chart.locator(".recharts-area-area").first()).toBeAttached();
  await expect(chart.getByText("Day (UTC)")).toBeAttached();
  await expect(chart.getByText("CTR lift, cumulative")).toBeAttached();
  await expect(
    page.getByRole("figure", { name: "Click-through rate by position in the list" }),
  ).toContainText("Position in the list");

  const snippet = page.getByRole("region", { name: "Integrate this test" });
  await expect(snippet).toContainText("/recommendations?user_id=USER_ID&test_id=1&n=10");
  await expect(snippet).toContainText('"impression_id": "IMPRESSION_ID"');

  // No table is wider than its panel: nothing is cut off.
  for (const name of ["Results per metric", "Counts per variant"]) {
    const fits = await page.getByRole("table", { name }).evaluate((element) => {
      const panel = element.closest(".panel");
      return (
        panel !== null &&
        element.getBoundingClientRect().right <= panel.getBoundingClientRect().right
      );
    });
    expect(fits, `${name} fits its panel`).toBe(true);
  }
  await expectNoSidewaysScroll(page);
  await page.screenshot({ path: `${DOCS_SCREENSHOTS}/results-1440.png`, fullPage: true });
});

test("at 390 px each metric is a card with every figure visible", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await openTest(page, seededName);
  const card = page.getByRole("table", { name: "Results per metric" }).locator("tbody tr").first();
  await expect(card).toBeVisible();
  for (const label of [
    "Control",
    "Treatment",
    "Relative lift",
    "Chance to beat control",
    "Decision",
  ]) {
    const cell = card.locator(`td[data-label="${label}"]`);
    await expect(cell).toBeVisible();
    const box = await cell.boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= 390, `${label} inside the screen`).toBe(true);
  }
  await expectNoSidewaysScroll(page);
  await page.screenshot({ path: `${DOCS_SCREENSHOTS}/results-390.png`, fullPage: true });
});

test("a test nobody has seen says so, with no sample-ratio claim; stopped, it shows the date", async ({
  page,
  request,
}) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await openTest(page, emptyTest.name);
  await expect(page.getByText(/No users have seen this test yet/)).toBeVisible();
  await expect(page.getByText(/Sample ratio|SRM|passed/)).toHaveCount(0);
  await expect(page.getByLabel("About this test")).toContainText("not yet");

  expect((await request.post(`/ab_tests/${emptyTest.id}/stop`, { headers: admin })).ok()).toBe(
    true,
  );
  await page.reload();
  await openTest(page, emptyTest.name);
  const facts = page.getByLabel("About this test");
  await expect(facts).toContainText("stopped");
  await expect(facts).not.toContainText("not yet");
  await expect(page.getByRole("region", { name: "Integrate this test" })).toContainText(
    "This test is stopped",
  );
  await expect(page.locator("main")).not.toContainText(/\byet\b/);
  await expect(page.getByText("No users saw this test before it was stopped.")).toBeVisible();
});
