/**
 * What a recommendation list shows a person: where each item came from in plain words
 * (never the service's internal path names), its score on one labelled scale, its price,
 * and which items the two compared lists share.
 */
import { humanize } from "./shape";

/** The paths that produce an item (`via`) and what they mean to a shopper. */
const PATHS: Record<string, string> = {
  model: "picked for this user",
  popular_fallback: "popular with everyone (nothing personal to go on yet)",
  representative_fallback: "a typical pick from the catalogue (nothing personal to go on yet)",
  popular_fill: "popular, added to fill the list",
  cold_item_fill: "new in the catalogue, like items this user liked",
};

/** The strategies, when a path is named after one (e.g. in similar items). */
const STRATEGIES: Record<string, string> = {
  cf: "people with similar taste",
  content: "similar descriptions",
  item_cf: "often chosen together",
  popular: "popular with everyone",
  hybrid: "a blend of strategies",
  ease: "patterns across all users",
  rp3beta: "short paths through what people chose",
  als: "patterns across all users",
  bpr: "patterns across all users",
};

export function pathText(via: string | null | undefined): string | undefined {
  if (!via) return undefined;
  const known = PATHS[via] ?? STRATEGIES[via];
  if (known) return known;
  // "<strategy>_fallback" / "<strategy>_fill": named after the strategy that stepped in.
  const match = /^(.+)_(fallback|fill)$/.exec(via);
  if (match?.[1]) {
    const base = STRATEGIES[match[1]] ?? humanize(match[1]).toLowerCase();
    return match[2] === "fallback"
      ? `${base} (nothing personal to go on yet)`
      : `${base}, added to fill the list`;
  }
  return humanize(via).toLowerCase();
}

/** The list-level note when a fallback served the user. */
export function fallbackText(fallback: string | null | undefined): string | undefined {
  if (!fallback) return undefined;
  return `This user has too little history for this strategy, so the list shows ${
    pathText(fallback)?.replace(/ \(nothing personal to go on yet\)$/, "") ?? "a fallback"
  }.`;
}

export interface ScoreScale {
  /** 0..100 per item, in the list's order. */
  values: number[];
  /** What the number means, shown beside the list. */
  label: string;
  absolute: boolean;
}

/**
 * One scale for every list: the service's 0..1 score as 0-100 when it sends one; otherwise
 * raw model scores (whose scales differ by strategy) relative to the list's best item.
 */
export function scoreScale(scores: number[]): ScoreScale {
  const finite = scores.filter((score) => Number.isFinite(score));
  const absolute = finite.length > 0 && finite.every((score) => score >= 0 && score <= 1);
  if (absolute) {
    return {
      values: scores.map((score) => Math.round(score * 100)),
      label: "Match score, 0–100",
      absolute,
    };
  }
  // The list is best first, so its first item is the top. Items added later from another
  // path (a popular fill) can carry a score on a larger scale: they are capped at 100.
  const top = finite[0] ?? 0;
  return {
    values: scores.map((score) =>
      top > 0 && Number.isFinite(score)
        ? Math.min(100, Math.round((Math.max(score, 0) / top) * 100))
        : 0,
    ),
    label: "Score, 0–100 relative to this list's top item",
    absolute,
  };
}

/** Item ids present in both lists. */
export function sharedItems(a: { item_id: string }[], b: { item_id: string }[]): Set<string> {
  const other = new Set(b.map((item) => item.item_id));
  return new Set(a.map((item) => item.item_id).filter((id) => other.has(id)));
}
