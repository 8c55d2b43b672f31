import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { AdminKeyDeclined, AdminKeyProvider, useAdminCall } from "./admin";
import { ADMIN_KEY_STORAGE, ApiError, adminKey } from "./client";

/** Stands in for the service's admin check: it wants the key "right". */
function seedLikeTheService(): Promise<string> {
  if (adminKey() !== "right")
    return Promise.reject(new ApiError(401, "admin key required", "/seed"));
  return Promise.resolve("seeded");
}

function SeedButton() {
  const adminCall = useAdminCall();
  const [outcome, setOutcome] = useState("");
  return (
    <>
      <button
        type="button"
        onClick={() => {
          void adminCall(seedLikeTheService).then(setOutcome, (error: Error) =>
            setOutcome(`${error.name}: ${error.message}`),
          );
        }}
      >
        Seed
      </button>
      <output>{outcome}</output>
    </>
  );
}

function renderButton() {
  render(
    <AdminKeyProvider>
      <SeedButton />
    </AdminKeyProvider>,
  );
  return userEvent.setup();
}

describe("admin key", () => {
  it("is asked for on 401, kept in sessionStorage only, and the action is retried with it", async () => {
    const user = renderButton();
    await user.click(screen.getByRole("button", { name: "Seed" }));
    const dialog = await screen.findByRole("dialog", { name: "Admin key needed" });
    expect(screen.getByLabelText("Admin key")).toHaveFocus();
    await user.type(screen.getByLabelText("Admin key"), "right");
    await user.click(screen.getByRole("button", { name: "Use key" }));
    expect(await screen.findByText("seeded")).toBeInTheDocument();
    expect(dialog).not.toBeInTheDocument();
    expect(sessionStorage.getItem(ADMIN_KEY_STORAGE)).toBe("right");
    expect(localStorage.getItem(ADMIN_KEY_STORAGE)).toBeNull();

    // The next admin action goes straight through.
    await user.click(screen.getByRole("button", { name: "Seed" }));
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
  });

  it("forgets a key the service refuses, so the next try asks again", async () => {
    const user = renderButton();
    await user.click(screen.getByRole("button", { name: "Seed" }));
    await user.type(await screen.findByLabelText("Admin key"), "wrong");
    await user.click(screen.getByRole("button", { name: "Use key" }));
    expect(await screen.findByText(/ApiError: 401/)).toBeInTheDocument();
    expect(sessionStorage.getItem(ADMIN_KEY_STORAGE)).toBeNull();
  });

  it("changes nothing when the prompt is cancelled", async () => {
    const user = renderButton();
    await user.click(screen.getByRole("button", { name: "Seed" }));
    await screen.findByRole("dialog");
    await user.keyboard("{Escape}");
    expect(
      await screen.findByText(`AdminKeyDeclined: ${new AdminKeyDeclined().message}`),
    ).toBeInTheDocument();
    expect(sessionStorage.getItem(ADMIN_KEY_STORAGE)).toBeNull();
  });
});
