import type { UseQueryResult } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { ApiError, describeError } from "../api/client";

export function Loading({ label = "Loading…" }: { label?: string }) {
  return (
    <p className="loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {label}
    </p>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="empty">{children}</p>;
}

/** A failed call in words; `missing` names the feature when the endpoint does not exist yet. */
export function ErrorBox({
  error,
  missing,
  retry,
}: {
  error: unknown;
  missing?: string;
  retry?: () => void;
}) {
  const notThere = error instanceof ApiError && error.notFound && missing;
  return (
    <div className={notThere ? "notice" : "error"} role="alert">
      <p>
        {notThere
          ? `This service does not offer ${missing} yet (${error.path} answered ${error.status}).`
          : describeError(error)}
      </p>
      {retry && !notThere && (
        <button type="button" onClick={retry}>
          Try again
        </button>
      )}
    </div>
  );
}

interface QueryViewProps<T> {
  query: UseQueryResult<T>;
  children: (data: T) => ReactNode;
  loadingLabel?: string;
  missing?: string;
  isEmpty?: (data: T) => boolean;
  empty?: ReactNode;
}

/** Loading, error, empty or the data: every query-backed block renders through this. */
export function QueryView<T>({
  query,
  children,
  loadingLabel,
  missing,
  isEmpty,
  empty,
}: QueryViewProps<T>) {
  if (query.isPending) return <Loading label={loadingLabel} />;
  if (query.isError)
    return <ErrorBox error={query.error} missing={missing} retry={() => void query.refetch()} />;
  if (isEmpty?.(query.data)) return <Empty>{empty ?? "Nothing here yet."}</Empty>;
  return <>{children(query.data)}</>;
}
