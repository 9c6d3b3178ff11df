/**
 * Debian's Chromium for the browser tests, driven by playwright-core (never a browser download):
 * headless, with the flags that keep it off the network, in a fresh profile directory.
 */
import { existsSync } from "node:fs";
import { chromium, type BrowserContext, type Page } from "playwright-core";

export const CHROMIUM = "/usr/bin/chromium";
export const HAVE_CHROMIUM = existsSync(CHROMIUM);

/** The flags every browser test starts Chromium with (no sandbox as root, no GPU, no background traffic, no name lookups). */
export const CHROMIUM_ARGS: readonly string[] = [
  "--no-sandbox",
  "--disable-gpu",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--host-resolver-rules=MAP * ~NOTFOUND",
];

/** A headless Chromium context in the new profile directory `profileDir` (viewport 1280 × 900 unless given). */
export function launchChromium(
  profileDir: string,
  options: { viewport?: { width: number; height: number }; javaScriptEnabled?: boolean; acceptDownloads?: boolean } = {},
): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: options.viewport ?? { width: 1280, height: 900 },
    ...(options.javaScriptEnabled === undefined ? {} : { javaScriptEnabled: options.javaScriptEnabled }),
    ...(options.acceptDownloads === undefined ? {} : { acceptDownloads: options.acceptDownloads }),
    args: [...CHROMIUM_ARGS],
  });
}

/** What a page did that a test checks: errors (console and uncaught, also apart), dialogs, and the non-file requests refused. */
export interface PageWatch {
  readonly consoleErrors: string[];
  readonly pageErrors: string[];
  /** Console errors and uncaught errors together, in the order they came. */
  readonly errors: string[];
  readonly dialogs: string[];
  readonly refused: string[];
}

/**
 * Open `url` in a new page of `ctx` with the network cut off: only file: URLs load, anything else
 * is refused and recorded; errors and dialogs (dismissed) are recorded as they come.
 */
export async function openOffline(ctx: BrowserContext, url: string): Promise<{ page: Page; watch: PageWatch }> {
  const watch: PageWatch = { consoleErrors: [], pageErrors: [], errors: [], dialogs: [], refused: [] };
  const page = await ctx.newPage();
  await page.route("**", (route) => {
    const u = route.request().url();
    if (u.startsWith("file:")) return route.continue();
    watch.refused.push(u);
    return route.abort();
  });
  page.on("console", (m) => {
    if (m.type() !== "error") return;
    watch.consoleErrors.push(m.text());
    watch.errors.push(m.text());
  });
  page.on("pageerror", (e) => {
    watch.pageErrors.push(String(e));
    watch.errors.push(String(e));
  });
  page.on("dialog", (d) => {
    watch.dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto(url, { waitUntil: "load" });
  return { page, watch };
}

/** Wait until every figure of a report has its live vega view in place of its static SVG. */
export async function waitForLiveCharts(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const figs = document.querySelectorAll("figure[data-chart]");
    return figs.length > 0 && document.querySelectorAll('figure[data-rendered="live"]').length === figs.length;
  });
}
