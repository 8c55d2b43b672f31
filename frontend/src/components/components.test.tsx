import type { UseQueryResult } from "@tanstack/react-query";
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { ApiError, ApiUnavailable } from "../api/client";
import { ConfirmDialog } from "./ConfirmDialog";
import { QueryView } from "./states";
import { Tabs } from "./Tabs";

const TABS = [
  { id: "a", label: "Alpha" },
  { id: "b", label: "Beta" },
  { id: "c", label: "Gamma" },
];

function TabsHarness() {
  const [current, setCurrent] = useState("a");
  return <Tabs tabs={TABS} current={current} onChange={setCurrent} />;
}

describe("Tabs", () => {
  it("moves with the arrow keys, Home and End, and only the current tab is in the tab order", async () => {
    const user = userEvent.setup();
    render(<TabsHarness />);
    const alpha = screen.getByRole("tab", { name: "Alpha" });
    expect(alpha).toHaveAttribute("aria-selected", "true");
    expect(screen.getByRole("tab", { name: "Beta" })).toHaveAttribute("tabindex", "-1");
    await user.tab();
    expect(alpha).toHaveFocus();
    await user.keyboard("{ArrowRight}");
    expect(screen.getByRole("tab", { name: "Beta" })).toHaveFocus();
    expect(screen.getByRole("tab", { name: "Beta" })).toHaveAttribute("aria-selected", "true");
    await user.keyboard("{ArrowLeft}{ArrowLeft}");
    expect(screen.getByRole("tab", { name: "Gamma" })).toHaveAttribute("aria-selected", "true");
    await user.keyboard("{Home}");
    expect(alpha).toHaveAttribute("aria-selected", "true");
    await user.keyboard("{End}");
    expect(screen.getByRole("tab", { name: "Gamma" })).toHaveFocus();
  });
});

describe("ConfirmDialog", () => {
  it("starts on Cancel, so Enter does not destroy data, and Escape cancels", async () => {
    const user = userEvent.setup();
    const outcome: string[] = [];
    render(
      <ConfirmDialog
        title="Clear all data?"
        message="Cannot be undone."
        confirmLabel="Yes, clear"
        onConfirm={() => outcome.push("confirmed")}
        onCancel={() => outcome.push("cancelled")}
      />,
    );
    expect(
      screen.getByRole("alertdialog", { name: "Clear all data?" }),
    ).toHaveAccessibleDescription("Cannot be undone.");
    expect(screen.getByRole("button", { name: "Cancel" })).toHaveFocus();
    await user.keyboard("{Enter}");
    await user.keyboard("{Escape}");
    await user.click(screen.getByRole("button", { name: "Yes, clear" }));
    expect(outcome).toEqual(["cancelled", "cancelled", "confirmed"]);
  });
});

/** The few fields of a query result QueryView reads. */
function queryIn(state: "pending" | "error" | "success", data?: unknown, error?: unknown) {
  return {
    isPending: state === "pending",
    isError: state === "error",
    data,
    error,
    refetch: () => Promise.resolve(),
  } as unknown as UseQueryResult<unknown>;
}

describe("QueryView", () => {
  it("shows loading, then the data", () => {
    const { rerender } = render(<QueryView query={queryIn("pending")}>{() => "rows"}</QueryView>);
    expect(screen.getByRole("status")).toHaveTextContent("Loading");
    rerender(
      <QueryView query={queryIn("success", [1])}>{(data) => `rows: ${String(data)}`}</QueryView>,
    );
    expect(screen.getByText("rows: 1")).toBeInTheDocument();
  });

  it("says so when the service is down, with a retry", () => {
    render(
      <QueryView query={queryIn("error", undefined, new ApiUnavailable("/users"))}>
        {() => "rows"}
      </QueryView>,
    );
    expect(screen.getByRole("alert")).toHaveTextContent(/service is not reachable/);
    expect(screen.getByRole("button", { name: "Try again" })).toBeInTheDocument();
  });

  it("names a feature the service does not offer yet instead of failing", () => {
    const error = new ApiError(404, "Not Found", "/evaluation/runs");
    render(
      <QueryView query={queryIn("error", undefined, error)} missing="evaluation runs">
        {() => "rows"}
      </QueryView>,
    );
    expect(screen.getByRole("alert")).toHaveTextContent(
      "This service does not offer evaluation runs yet (/evaluation/runs answered 404).",
    );
  });

  it("shows the empty message when there is nothing", () => {
    render(
      <QueryView
        query={queryIn("success", [])}
        isEmpty={(data) => (data as unknown[]).length === 0}
        empty="No tests yet."
      >
        {() => "rows"}
      </QueryView>,
    );
    expect(screen.getByText("No tests yet.")).toBeInTheDocument();
  });
});
