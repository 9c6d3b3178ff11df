/**
 * The page's Math functions made the same as Node's, so that the studio shows, to the last
 * digit, what `doseladder run` prints. Math.log, exp, log1p, expm1 and log2 are not fixed by
 * the language to the bit: Node 20's V8 computes them with its ports of fdlibm, while a newer
 * browser's engine gives another last bit for some inputs (measured: Chromium 156.0.8078.129
 * differs from Node 20.20 in 341 of 6,000 logs and 576 of 6,000 exps), which moved exact
 * operating characteristics of the seed designs in their last digits. stdlib's functions are
 * ports of the same FreeBSD msun (fdlibm) code in plain JavaScript arithmetic, which every engine
 * evaluates alike; test/unit/studio/math.test.ts checks them bit for bit against Node's Math.
 *
 * Installed by src/studio/install-math.ts, the first import of the page's script (src/studio/app.ts),
 * in the page and in its worker, before any module computes a table; the CLI and the library keep Node's own functions.
 */
import stdlibExp from "@stdlib/math-base-special-exp";
import expm1 from "@stdlib/math-base-special-expm1";
import ln from "@stdlib/math-base-special-ln";
import log1p from "@stdlib/math-base-special-log1p";
import log2 from "@stdlib/math-base-special-log2";

/**
 * fdlibm's exp as V8 has it: exp(1) is Math.E exactly (V8's exception; fdlibm gives the next
 * double up), and from fdlibm's underflow bound (-745.1332191019411) to -744.44 the result is the
 * smallest subnormal, 5e-324, as V8 rounds it (stdlib's last scaling gives 0 or 1e-323 there for
 * some inputs; checked on 2 million points of that range).
 */
const exp = (x: number): number => (x === 1 ? 2.718281828459045 : x <= -744.44 && x >= -745.13321910194110842 ? 5e-324 : stdlibExp(x));

/** The functions replaced, by name (each bit-identical to Node 20's Math function of that name). */
export const NODE_MATH = { log: ln, exp, log1p, expm1, log2 } as const;

/** Put {@link NODE_MATH} on the global Math object. */
export function installNodeMath(target: Math = Math): void {
  for (const [name, f] of Object.entries(NODE_MATH)) (target as unknown as Record<string, unknown>)[name] = f;
}

