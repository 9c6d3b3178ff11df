/**
 * Every user-facing error text, in one place. A configuration error is one line:
 * `designs/boin.json: design.target: expected a probability in (0, 1), got 1.3`.
 */

/** An error in a user's file or flag: the CLI prints its message and exits with code 2. */
export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly field: string,
    readonly problem: string,
  ) {
    super(field ? `${file}: ${field}: ${problem}` : `${file}: ${problem}`);
    this.name = "ConfigError";
  }
}

/** An error in command-line usage (bad flag value). */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** A failure to read or write a file or folder (not the user's input): the CLI prints its message and exits with code 1. */
export class IoError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "IoError";
  }
}

/** "permission denied (EACCES)" from a Node file-system error. */
export function describeFsError(e: unknown): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  const plain: Record<string, string> = {
    EACCES: "permission denied",
    EPERM: "operation not permitted",
    EROFS: "read-only file system",
    ENOSPC: "no space left on the device",
    EDQUOT: "disk quota exceeded",
    EISDIR: "is a folder",
    ENOTDIR: "a part of the path is a file, not a folder",
    ENOENT: "no such file or folder",
    EEXIST: "already exists",
    EMFILE: "too many open files",
    EIO: "input/output error",
  };
  if (typeof code === "string") return plain[code] ? `${plain[code]} (${code})` : code;
  return (e as Error)?.message ?? String(e);
}

/** Limits on what one command may ask for, named in the errors that enforce them. */
export const LIMITS = {
  /** Simulated trials per curve (the per-block accumulators of 10^8 trials take tens of MB per curve). */
  trials: 100_000_000,
  /** Patients at a dose in `doseladder table --max-n`. */
  tableMaxN: 1000,
  /** Curves written by `doseladder scenarios random`. */
  randomCurves: 100_000,
} as const;

export const messages = {
  tooMany: (flag: string, what: string, max: number, got: number) =>
    `${flag}: at most ${max.toLocaleString("en-US")} ${what}, got ${got.toLocaleString("en-US")}`,
  notJson: (detail: string) => `not valid JSON (${detail})`,
  unreadable: (detail: string) => `cannot read the file: ${detail}`,
  notObject: () => "expected a JSON object at the top level",
  unknownType: (kind: "design" | "modifier", got: unknown, known: readonly string[]) =>
    `unknown ${kind} type ${JSON.stringify(got)}; expected one of: ${known.join(", ")}`,
  doseCountMismatch: (designDoses: number, ladderDoses: number) =>
    `the design is for ${designDoses} doses but the scenario's ladder has ${ladderDoses}`,
  curveLength: (got: number, ladder: number) => `has ${got} probabilities but the ladder has ${ladder} doses`,
  nonMonotone: (file: string, name: string) =>
    `warning: ${file}: curve "${name}" is not monotone non-decreasing in dose; running it anyway`,
  unknownCurve: (name: string, known: readonly string[]) => `no curve named "${name}"; the file has: ${known.join(", ")}`,
  startDose: (start: number, doses: number) => `start dose ${start} is beyond the ${doses} doses`,
  exactPanelNonMonotone: () =>
    "exact enumeration of a complete-information panel (the optimal benchmark) needs monotone truth curves; use --method monte-carlo",
  exactUnbounded: () =>
    "exact: the design has no finite maximum sample size, so its outcomes cannot be enumerated; use --method monte-carlo",
  exactTooManyStates: (max: number) =>
    `exact: the design reaches more than ${max.toLocaleString("en-US")} distinct trial states (--max-states); use --method monte-carlo or raise --max-states`,
  replayDeviates: (cohort: number, observed: string, recommended: string) =>
    `warning: cohort ${cohort} (${observed}) differs from the design's recommendation: ${recommended}`,
  dosesNeeded: (file: string) => `${file}: the design file does not name its number of doses; give --doses K`,
};
