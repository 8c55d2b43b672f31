/** The system in four layers, drawn with boxes that wrap, so it reads at 390 px as at 1280 px. */
const LAYERS: { name: string; boxes: [string, string][] }[] = [
  {
    name: "Clients",
    boxes: [
      ["Storefront", "asks for lists, sends events (REST)"],
      ["Dashboard", "this page (React, TanStack Query)"],
    ],
  },
  {
    name: "Service",
    boxes: [
      [
        "FastAPI app",
        "/items · /interactions · /recommendations · /ab_tests · /seed · /evaluation",
      ],
    ],
  },
  {
    name: "Logic",
    boxes: [
      ["Tracking", "events, idempotent by event_id"],
      ["Recommenders", "cf · content · item_cf · popular · hybrid on a live sparse model"],
      ["A/B manager", "hash assignment, impressions, attribution"],
      ["Statistics", "tests, intervals, SRM, sequential, Bayesian"],
      ["Evaluation", "offline protocol over every strategy"],
    ],
  },
  {
    name: "Storage",
    boxes: [
      ["SQL database", "SQLite or PostgreSQL"],
      ["Cache", "in-process TTL or Redis"],
    ],
  },
];

export function ArchitectureDiagram() {
  return (
    <figure className="arch">
      {LAYERS.map((layer, index) => (
        <div key={layer.name}>
          {index > 0 && (
            <div className="arch-arrow" aria-hidden="true">
              ↓
            </div>
          )}
          <div className="arch-layer">
            <span className="arch-layer-name">{layer.name}</span>
            <ul className="arch-boxes">
              {layer.boxes.map(([title, text]) => (
                <li key={title} className="arch-box">
                  <strong>{title}</strong>
                  <span>{text}</span>
                </li>
              ))}
            </ul>
          </div>
        </div>
      ))}
      <figcaption className="muted">
        Requests flow down; the model is built once from storage and then updated per event.
      </figcaption>
    </figure>
  );
}
