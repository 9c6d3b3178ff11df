/** A progress bar on stderr, shown only when stderr is a terminal and the job takes over a second. */
export interface Progress {
  add(n: number): void;
  /** Text shown after the counts (e.g. "cell 3/12"). */
  note(text: string): void;
  done(): void;
}

export function progressBar(total: number, label = "trials"): Progress {
  const started = Date.now();
  let done = 0;
  let shown = false;
  let last = 0;
  let extra = "";
  const tty = process.stderr.isTTY === true;
  const draw = () => {
    const elapsed = (Date.now() - started) / 1000;
    const frac = total > 0 ? done / total : 1;
    const width = 30;
    const filled = Math.round(frac * width);
    const rate = elapsed > 0 ? done / elapsed : 0;
    const left = rate > 0 ? (total - done) / rate : 0;
    process.stderr.write(
      `\r[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${(100 * frac).toFixed(0)}% ${done}/${total} ${label}, ${Math.round(rate)}/s, ${left.toFixed(0)}s left ${extra}`,
    );
    shown = true;
  };
  return {
    add(n: number) {
      done += n;
      if (!tty) return;
      const now = Date.now();
      if (now - started > 1000 && now - last > 100) {
        last = now;
        draw();
      }
    },
    note(text: string) {
      extra = text;
    },
    done() {
      if (shown) {
        draw();
        process.stderr.write("\n");
      }
    },
  };
}
