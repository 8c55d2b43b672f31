/** Chart colours with at least 4.5:1 contrast on white, in a fixed order per series. */
export const SERIES_COLOURS = ["#1d4ed8", "#c2410c", "#15803d", "#7e22ce", "#b91c1c", "#0f766e"];

export function colour(index: number): string {
  return SERIES_COLOURS[index % SERIES_COLOURS.length] ?? "#1d4ed8";
}

export const CHART_HEIGHT = 260;
