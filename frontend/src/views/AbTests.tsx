import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useAdminCall } from "../api/admin";
import { describeError } from "../api/client";
import { type AbTest, type AbTestCreate, api, keys, type Variant } from "../api/endpoints";
import { Empty, QueryView } from "../components/states";
import { isRunning } from "../lib/counts";
import { formatTime } from "../lib/format";
import { AbTestDetail } from "./AbTestDetail";

type Mode = "fixed" | "adaptive";

const DEFAULT_VARIANTS: Variant[] = [
  { name: "control", strategy: "cf", weight: 0.5 },
  { name: "treatment", strategy: "content", weight: 0.5 },
];

/** One line per variant: its strategy, the re-rank rules it carries, its traffic weight. */
export function describeVariant(variant: Variant): string {
  const rules = Object.entries(variant.rerank ?? {}).map(
    ([name, value]) => `${name.replaceAll("_", " ")} ${String(value)}`,
  );
  const reranked = rules.length ? `; re-ranked with ${rules.join(", ")}` : "";
  return `${variant.name} (${variant.strategy}${reranked}; weight ${variant.weight})`;
}

/** What the service would refuse, said before sending (the service checks again). */
export function validateTest(test: AbTestCreate): string | null {
  if (!test.name.trim()) return "Give the test a name.";
  const variants = test.variants ?? [];
  if (variants.length < 2) return "A test needs at least two variants.";
  const names = variants.map((variant) => variant.name.trim());
  if (names.some((name) => !name)) return "Every variant needs a name.";
  if (new Set(names).size !== names.length) return "Variant names must differ.";
  if (variants.some((variant) => !(variant.weight > 0)))
    return "Every weight must be greater than 0.";
  return null;
}

function CreateTestForm({ onCreated }: { onCreated: (test: AbTest) => void }) {
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [variants, setVariants] = useState<Variant[]>(DEFAULT_VARIANTS);
  const [mode, setMode] = useState<Mode>("fixed");
  const [problem, setProblem] = useState<string | null>(null);
  const strategies = useQuery({ queryKey: keys.strategies, queryFn: api.strategies });
  const names = strategies.data?.strategies.map((s) => s.name) ?? ["cf", "content"];
  const queryClient = useQueryClient();
  const adminCall = useAdminCall();
  // Creating a test is administrative: the service asks for the admin key when one is set.
  const create = useMutation({
    mutationFn: (test: AbTestCreate) => adminCall(() => api.createAbTest(test)),
    onSuccess: (test) => {
      setName("");
      setDescription("");
      setVariants(DEFAULT_VARIANTS);
      setMode("fixed");
      onCreated(test);
    },
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: keys.abTests });
      void queryClient.invalidateQueries({ queryKey: keys.counts });
    },
  });
  const update = (index: number, change: Partial<Variant>) =>
    setVariants(variants.map((variant, i) => (i === index ? { ...variant, ...change } : variant)));
  return (
    <section className="panel" aria-labelledby="create-test-title">
      <h2 id="create-test-title">Create a test</h2>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          const test: AbTestCreate = { name: name.trim(), variants, mode };
          if (description.trim()) test.description = description.trim();
          const error = validateTest(test);
          setProblem(error);
          if (!error) create.mutate(test);
        }}
      >
        <div className="grid-form">
          <label>
            Test name
            <input required value={name} onChange={(event) => setName(event.target.value)} />
          </label>
          <label>
            Description
            <input value={description} onChange={(event) => setDescription(event.target.value)} />
          </label>
          <label>
            Traffic allocation
            <select value={mode} onChange={(event) => setMode(event.target.value as Mode)}>
              <option value="fixed">Fixed weights</option>
              <option value="adaptive">Adaptive (Thompson sampling)</option>
            </select>
          </label>
        </div>
        <fieldset>
          <legend>Variants</legend>
          {variants.map((variant, index) => (
            // Every input is controlled by this array, so an index key cannot show stale values.
            <div className="variant-row" key={index}>
              <label>
                Variant {index + 1} name
                <input
                  value={variant.name}
                  onChange={(event) => update(index, { name: event.target.value })}
                />
              </label>
              <label>
                Variant {index + 1} strategy
                <select
                  value={variant.strategy}
                  onChange={(event) => update(index, { strategy: event.target.value })}
                >
                  {names.map((strategy) => (
                    <option key={strategy} value={strategy}>
                      {strategy}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                Variant {index + 1} weight
                <input
                  type="number"
                  min="0"
                  step="0.05"
                  value={Number.isNaN(variant.weight) ? "" : variant.weight}
                  onChange={(event) => update(index, { weight: event.target.valueAsNumber })}
                />
              </label>
              <button
                type="button"
                aria-label={`Remove variant ${index + 1}`}
                disabled={variants.length <= 2}
                onClick={() => setVariants(variants.filter((_, i) => i !== index))}
              >
                Remove
              </button>
            </div>
          ))}
          <button
            type="button"
            onClick={() =>
              setVariants([
                ...variants,
                { name: `variant_${variants.length + 1}`, strategy: names[0] ?? "cf", weight: 0.5 },
              ])
            }
          >
            Add variant
          </button>
        </fieldset>
        <div className="row">
          <button type="submit" className="primary" disabled={create.isPending}>
            {create.isPending ? "Creating…" : "Create test"}
          </button>
        </div>
        <div aria-live="polite">
          {(problem || create.isError) && (
            <p className="error" role="alert">
              {problem ?? `Not created: ${describeError(create.error)}`}
            </p>
          )}
        </div>
      </form>
    </section>
  );
}

export function AbTestsView() {
  const [selected, setSelected] = useState<number | null>(null);
  const tests = useQuery({ queryKey: keys.abTests, queryFn: api.abTests, refetchInterval: 10_000 });
  const rows = tests.data?.tests ?? [];
  const current = rows.find((test) => test.id === selected) ?? rows[0];
  return (
    <div className="stack">
      <section className="panel" aria-labelledby="tests-title">
        <h2 id="tests-title">Tests</h2>
        <QueryView
          query={tests}
          loadingLabel="Loading tests…"
          missing="A/B tests"
          isEmpty={() => rows.length === 0}
          empty="No tests yet. Load the sample data for a 7-day test, or create one below."
        >
          {() => (
            <ul className="test-list" aria-label="A/B tests">
              {rows.map((test) => (
                <li key={test.id}>
                  <button
                    type="button"
                    aria-pressed={test.id === current?.id}
                    onClick={() => setSelected(test.id)}
                  >
                    <span className="test-name">{test.name}</span>
                    <span className={`tag ${isRunning(test) ? "good" : ""}`}>
                      {test.status ?? "running"}
                    </span>
                    <span className="muted small">
                      {test.variants.map(describeVariant).join(" vs ")}
                      {test.created_at ? ` · since ${formatTime(test.created_at)}` : ""}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </QueryView>
      </section>
      {current ? (
        <AbTestDetail test={current} />
      ) : (
        tests.isSuccess && <Empty>Select a test to see its results.</Empty>
      )}
      <CreateTestForm onCreated={(test) => setSelected(test.id)} />
    </div>
  );
}
