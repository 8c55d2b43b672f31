import { describeVariant, validateTest } from "./AbTests";
import { toItemCreate } from "./AddItemForm";
import { matchUsers } from "./Recommendations";

describe("validateTest", () => {
  const control = { name: "control", strategy: "cf", weight: 0.5 };
  const treatment = { name: "treatment", strategy: "content", weight: 0.5 };
  const variants = [control, treatment];

  it("accepts two named, positively weighted variants", () => {
    expect(validateTest({ name: "t", variants })).toBeNull();
  });

  it("refuses what the service would refuse, in words", () => {
    expect(validateTest({ name: " ", variants })).toBe("Give the test a name.");
    expect(validateTest({ name: "t", variants: variants.slice(0, 1) })).toMatch(/at least two/);
    expect(validateTest({ name: "t", variants: [control, { ...treatment, weight: 0 }] })).toMatch(
      /greater than 0/,
    );
    expect(
      validateTest({
        name: "t",
        variants: [control, { ...treatment, weight: Number.NaN }],
      }),
    ).toMatch(/greater than 0/);
    expect(
      validateTest({ name: "t", variants: [control, { ...treatment, name: "control" }] }),
    ).toMatch(/differ/);
  });
});

describe("describeVariant", () => {
  it("names the strategy, the arm's re-rank rules and the weight", () => {
    expect(describeVariant({ name: "control", strategy: "cf", weight: 0.5 })).toBe(
      "control (cf; weight 0.5)",
    );
    const upsell = { name: "upsell", strategy: "popular", weight: 0.5, rerank: { upsell: 2 } };
    expect(describeVariant(upsell)).toBe("upsell (popular; re-ranked with upsell 2; weight 0.5)");
  });
});

describe("matchUsers", () => {
  const user = (user_id: string, interaction_count: number) => ({
    user_id,
    interaction_count,
    first_seen: "2026-11-01T00:00:00Z",
    last_seen: "2026-11-02T00:00:00Z",
  });

  it("finds users by part of their id, most active first", () => {
    const users = [user("user-001", 3), user("user-010", 9), user("other", 50)];
    expect(matchUsers(users, "USER").map((u) => u.user_id)).toEqual(["user-010", "user-001"]);
    expect(matchUsers(users, "", 2).map((u) => u.user_id)).toEqual(["other", "user-010"]);
  });
});

describe("toItemCreate", () => {
  it("trims fields and leaves out blank optional ones", () => {
    expect(
      toItemCreate({
        item_id: " sku-1 ",
        title: " Tea ",
        category: "food",
        description: " ",
        price: "",
      }),
    ).toEqual({
      item_id: "sku-1",
      title: "Tea",
      category: "food",
    });
    expect(
      toItemCreate({ item_id: "a", title: "b", category: "c", description: "d", price: "2.5" }),
    ).toMatchObject({
      description: "d",
      price: 2.5,
    });
  });
});
