#!/usr/bin/env node
/**
 * Regenerates src/api/schema.d.ts from the service's OpenAPI schema, or with --check fails
 * when the committed file no longer matches the service (API drift).
 *
 *   node scripts/api-types.mjs                  # write src/api/schema.d.ts
 *   node scripts/api-types.mjs --check          # exit 1 on drift
 *   node scripts/api-types.mjs --url http://localhost:8000   # read a running service instead
 *
 * Without --url it starts the real service (uvicorn app:create_app --factory) on a throwaway
 * SQLite file and a free port, reads /openapi.json, and stops it. PYTHON overrides the
 * interpreter (default: the project's .venv, else python3).
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import openapiTS, { astToString } from "openapi-typescript";

const here = dirname(fileURLToPath(import.meta.url));
const frontend = resolve(here, "..");
const ownRoot = resolve(frontend, "..");
// SERVICE_ROOT reads another checkout of the service (e.g. a branch not merged yet).
const projectRoot = process.env.SERVICE_ROOT ?? ownRoot;
const target = join(frontend, "src", "api", "schema.d.ts");
const args = process.argv.slice(2);
const check = args.includes("--check");
const urlIndex = args.indexOf("--url");
const givenUrl = urlIndex >= 0 ? args[urlIndex + 1] : undefined;

const HEADER = `/**
 * Generated from the service's /openapi.json by scripts/api-types.mjs: do not edit.
 * Regenerate with \`npm run api:types\`; \`npm run api:check\` fails when this file is stale.
 */

`;

function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

async function waitFor(url, child, seconds = 60) {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the service exited with ${child.exitCode}`);
    try {
      const response = await fetch(url);
      if (response.ok) return response;
    } catch {
      // not listening yet
    }
    await new Promise((done) => setTimeout(done, 250));
  }
  throw new Error(`no answer from ${url} within ${seconds} s`);
}

async function schemaFromStartedService() {
  const venvPython = join(ownRoot, ".venv", "bin", "python");
  const python = process.env.PYTHON ?? (existsSync(venvPython) ? venvPython : "python3");
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "smart-suggest-schema-"));
  const child = spawn(
    python,
    ["-m", "uvicorn", "app:create_app", "--factory", "--host", "127.0.0.1", "--port", String(port)],
    {
      cwd: projectRoot,
      env: { ...process.env, DATABASE_URL: `sqlite:///${join(dir, "schema.db")}`, REDIS_URL: "" },
      stdio: ["ignore", "ignore", "pipe"],
    },
  );
  let stderr = "";
  child.stderr.on("data", (chunk) => {
    stderr += chunk;
  });
  try {
    const response = await waitFor(`http://127.0.0.1:${port}/openapi.json`, child);
    return await response.json();
  } catch (error) {
    throw new Error(`${error.message}\n${stderr.slice(-2000)}`);
  } finally {
    child.kill("SIGTERM");
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  const schema = givenUrl
    ? await (
        await waitFor(`${givenUrl.replace(/\/$/, "")}/openapi.json`, { exitCode: null }, 10)
      ).json()
    : await schemaFromStartedService();
  const text =
    HEADER + astToString(await openapiTS(schema, { alphabetize: true, defaultNonNullable: false }));
  if (!check) {
    writeFileSync(target, text);
    console.log(`wrote ${target} (${Object.keys(schema.paths).length} paths)`);
    return;
  }
  const committed = existsSync(target) ? readFileSync(target, "utf8") : "";
  if (committed === text) {
    console.log(
      `src/api/schema.d.ts matches the service (${Object.keys(schema.paths).length} paths)`,
    );
    return;
  }
  console.error(
    "src/api/schema.d.ts is out of date with the service's /openapi.json.\n" +
      "Run `npm run api:types`, then fix what `npm run typecheck` reports.",
  );
  process.exit(1);
}

main().catch((error) => {
  console.error(error.message);
  process.exit(1);
});
