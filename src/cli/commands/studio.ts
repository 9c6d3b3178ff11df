/** `doseladder studio`: write the studio (design a trial in the browser, offline) as one HTML file, and open it. */
import { spawn, spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { Command } from "commander";
import { checkOutFile, writeAtomic } from "../../report/write.js";

/** Whether `xdg-open` is on the PATH. */
function haveXdgOpen(): boolean {
  return spawnSync("/bin/sh", ["-c", "command -v xdg-open"], { stdio: "ignore" }).status === 0;
}

export function studioCommand(): Command {
  return new Command("studio")
    .description("Write the doseladder studio, one self-contained HTML file that edits designs and scenarios and recomputes their operating characteristics in the browser (offline)")
    .option("--out <file>", "the HTML file to write", "reports/studio.html")
    .option("--open", "open it in the default browser (xdg-open)")
    .action(async (opts: { out: string; open?: boolean }) => {
      checkOutFile("--out", opts.out);
      // loaded here only: the report module loads vega
      const { studioHtml } = await import("../../studio/html.js");
      const html = studioHtml();
      writeAtomic(opts.out, html);
      const url = pathToFileURL(resolve(opts.out)).href;
      process.stderr.write(`doseladder: wrote ${opts.out} (${Math.round(Buffer.byteLength(html) / 1024)} kB)\n`);
      if (!opts.open) return;
      if (!haveXdgOpen()) {
        process.stderr.write(`doseladder: xdg-open is not installed; open ${url} in a browser\n`);
        return;
      }
      const child = spawn("xdg-open", [url], { detached: true, stdio: "ignore" });
      child.on("error", () => process.stderr.write(`doseladder: could not start xdg-open; open ${url} in a browser\n`));
      child.unref();
      process.stderr.write(`doseladder: opening ${url}\n`);
    });
}
