/**
 * Administrative calls (seed, clear) may need the service's admin key. The key is asked for
 * only when the service answers 401/403, kept in sessionStorage for this tab, and sent as
 * X-API-Key by src/api/client.ts. It is never part of the build.
 */
import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useId,
  useRef,
  useState,
} from "react";
import { useEscapeKey } from "../components/useEscapeKey";
import { ApiError, adminKey, setAdminKey } from "./client";

type Ask = (reason: string) => Promise<string | null>;
const AdminKeyContext = createContext<Ask | null>(null);

interface Pending {
  reason: string;
  resolve: (key: string | null) => void;
}

export function AdminKeyProvider({ children }: { children: ReactNode }) {
  const [pending, setPending] = useState<Pending | null>(null);
  const ask = useCallback<Ask>(
    (reason) => new Promise((resolve) => setPending({ reason, resolve })),
    [],
  );
  const finish = (key: string | null) => {
    pending?.resolve(key);
    setPending(null);
  };
  return (
    <AdminKeyContext.Provider value={ask}>
      {children}
      {pending && <AdminKeyDialog reason={pending.reason} onDone={finish} />}
    </AdminKeyContext.Provider>
  );
}

function AdminKeyDialog({
  reason,
  onDone,
}: {
  reason: string;
  onDone: (key: string | null) => void;
}) {
  const [value, setValue] = useState("");
  const input = useRef<HTMLInputElement>(null);
  const titleId = useId();
  useEffect(() => input.current?.focus(), []);
  useEscapeKey(() => onDone(null));
  return (
    <div className="modal-backdrop">
      <div role="dialog" aria-modal="true" aria-labelledby={titleId} className="modal">
        <h2 id={titleId}>Admin key needed</h2>
        <p>{reason}</p>
        <p className="muted">
          It stays in this browser tab only (sessionStorage) and is sent as X-API-Key.
        </p>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            onDone(value.trim() || null);
          }}
        >
          <label>
            Admin key
            <input
              ref={input}
              type="password"
              autoComplete="off"
              value={value}
              onChange={(e) => setValue(e.target.value)}
            />
          </label>
          <div className="row">
            <button type="submit" className="primary" disabled={!value.trim()}>
              Use key
            </button>
            <button type="button" onClick={() => onDone(null)}>
              Cancel
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}

export class AdminKeyDeclined extends Error {
  constructor() {
    super("No admin key given: nothing was changed.");
    this.name = "AdminKeyDeclined";
  }
}

/**
 * Wraps an administrative call: on 401/403 it asks for the key and tries once more with it.
 * A key the service still refuses is forgotten, so the next attempt asks again.
 */
export function useAdminCall() {
  const ask = useContext(AdminKeyContext);
  return useCallback(
    async <T,>(call: () => Promise<T>): Promise<T> => {
      try {
        return await call();
      } catch (error) {
        if (!(error instanceof ApiError && error.needsAdminKey) || !ask) throw error;
        const hadKey = adminKey() !== null;
        const key = await ask(
          hadKey
            ? "The service refused the saved admin key. Enter the right one."
            : "This action changes data, so the service asks for its admin key.",
        );
        if (!key) throw new AdminKeyDeclined();
        setAdminKey(key);
        try {
          return await call();
        } catch (retryError) {
          if (retryError instanceof ApiError && retryError.needsAdminKey) setAdminKey(null);
          throw retryError;
        }
      }
    },
    [ask],
  );
}
