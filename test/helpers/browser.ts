/**
 * Debian's Chromium for the browser tests, driven by playwright-core (never a browser download):
 * headless, with the flags that keep it off the network, in a fresh profile directory.
 */
import { existsSync } from "node:fs";
import { chromium, type BrowserContext } from "playwright-core";

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
