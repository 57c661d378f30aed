// Pure: what the monitor wall says of each task and of them all (unit-tested in Node).
import { cdnHealth } from "./format.js";

// A tile's tally: on air with a moving picture, on air with none seen, or not on air.
export const ON_AIR = "on-air";
export const NO_PICTURE = "no-picture";
export const OFF_AIR = "off-air";
// A relay's states from Tencent's callbacks (reference G.2) that need a look.
const TROUBLE = new Set(["failure", "recovering", "disconnecting"]);

/** The tally of `task` whose player says `playing` (its picture moves). */
export function tallyOf(task, playing) {
  if (task.status !== "running") return OFF_AIR;
  return playing ? ON_AIR : NO_PICTURE;
}

/** The wall's head: tasks on air with a picture, without one, and CDN outputs in trouble. */
export function wallSummary(tasks, tallies) {
  const summary = { [ON_AIR]: 0, [NO_PICTURE]: 0, [OFF_AIR]: 0, outputs: 0, trouble: 0 };
  for (const task of tasks) {
    summary[tallies.get(task.id) || tallyOf(task, false)] += 1;
    for (const output of cdnHealth(task)) {
      summary.outputs += 1;
      if (TROUBLE.has(output.status)) summary.trouble += 1;
    }
  }
  return summary;
}
