/**
 * The studio's one script (bundled by src/studio/build.ts): in the page it builds the page;
 * started as a Web Worker from a Blob URL of its own text, it is the engine.
 */
import "./install-math.js"; // first: every later module computes with Node's Math functions
import { startPage } from "./page.js";
import { startWorker } from "./worker.js";

const inWorker = typeof document === "undefined" && typeof (globalThis as { importScripts?: unknown }).importScripts === "function";
if (inWorker) startWorker(globalThis as unknown as Parameters<typeof startWorker>[0]);
else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", startPage);
else startPage();
