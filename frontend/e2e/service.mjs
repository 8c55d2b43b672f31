#!/usr/bin/env node
/**
 * Starts the real service for the end-to-end specs: uvicorn app:create_app --factory on a
 * fresh SQLite file in a temporary folder, serving the built dashboard (frontend/dist).
 * Playwright's webServer runs this and stops it afterwards; the folder goes with it.
 *
 * E2E_PORT picks the port (playwright.config.ts sets it); E2E_ADMIN_KEY, when set, makes the service demand
 * that key for /seed and /seed/clear so the dashboard's key prompt is exercised; PYTHON and
 * SERVICE_ROOT pick the interpreter and the checkout of the service to run.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ownRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
// SERVICE_ROOT runs another checkout of the service (e.g. a branch not merged yet).
const projectRoot = process.env.SERVICE_ROOT ?? ownRoot;
const venvPython = join(ownRoot, ".venv", "bin", "python");
const python = process.env.PYTHON ?? (existsSync(venvPython) ? venvPython : "python3");
const port = process.env.E2E_PORT ?? "8765";
const dir = mkdtempSync(join(tmpdir(), "smart-suggest-e2e-"));

const child = spawn(
  python,
  ["-m", "uvicorn", "app:create_app", "--factory", "--host", "127.0.0.1", "--port", port],
  {
    cwd: projectRoot,
    stdio: "inherit",
    env: {
      ...process.env,
      DATABASE_URL: `sqlite:///${join(dir, "e2e.db")}`,
      REDIS_URL: "",
      ADMIN_API_KEY: process.env.E2E_ADMIN_KEY ?? "",
      STOREFRONT_API_KEY: process.env.E2E_STOREFRONT_KEY ?? "",
      ENVIRONMENT: "test",
    },
  },
);

const stop = () => {
  child.kill("SIGTERM");
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
child.on("exit", (code) => {
  rmSync(dir, { recursive: true, force: true });
  process.exit(code ?? 0);
});
