/// <reference types="vitest/config" />
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// The service's REST paths live at the root (see ../shared/API.md), so the dev server
// forwards each of them to the running service instead of one /api prefix.
const apiPaths = [
  "/health",
  "/items",
  "/interactions",
  "/users",
  "/recommendations",
  "/strategies",
  "/ab_tests",
  "/seed",
  "/evaluation",
  "/stats",
  "/metrics",
  "/openapi.json",
  "/docs",
];
const apiUrl = process.env.API_URL ?? "http://localhost:8000";

export default defineConfig({
  plugins: [react()],
  server: {
    proxy: Object.fromEntries(
      apiPaths.map((path) => [path, { target: apiUrl, changeOrigin: true }]),
    ),
  },
  build: { outDir: "dist", sourcemap: true, chunkSizeWarningLimit: 1000 },
  test: {
    environment: "jsdom",
    globals: true,
    setupFiles: ["./src/test-setup.ts"],
    include: ["src/**/*.test.{ts,tsx}"],
    css: false,
  },
});
