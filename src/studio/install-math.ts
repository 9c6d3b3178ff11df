/** Side effect only: the page's Math functions made Node's (src/studio/math.ts); src/studio/app.ts imports this first. */
import { installNodeMath } from "./math.js";

installNodeMath();
