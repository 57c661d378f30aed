// The dry run of the auto-director's rules over a scenario, pure: what is asked of
// POST /api/layouts/dry-run/, the takes of its answer as marks on the scenario strip,
// and one take's moment as boxes on its canvas. The answer is
// {start, takes: [{at, rule, target, shot, trigger, event, document, regions}], truncated,
// warnings}, the regions as POST /api/layouts/regions/ answers for the room then
// (layouts/core/dry_run.py).

import * as C from "../editor/contract.js";

const isObject = (value) => value !== null && typeof value === "object" && !Array.isArray(value);

/** The body of a dry run: the document, scenario and rules as edited, the roles kept. */
export function dryRunBody({ doc, scenario, rules, request }) {
  const body = { document: doc, scenario, rules };
  const part = isObject(request) ? request[C.constants().app_key] : null;
  // Who the slots show by role is the show's own part, as saved (no panel edits it here).
  const roles = isObject(part) ? part[C.rulesSpec().roles_key] : undefined;
  if (roles !== undefined) body.roles = roles;
  return body;
}

/** What a dry run's answer depends on: when it changes, the marks on the strip are stale. */
export function dryRunKey({ doc, scenario, rules, request }) {
  return JSON.stringify(dryRunBody({ doc, scenario, rules, request }));
}

/** Why a dry run cannot run yet (a sentence), or null when it can. */
export function dryRunBlocked({ scenario, rules }, gettext) {
  if (!isObject(scenario)) return gettext("Add a scenario first: the dry run plays it through the rules.");
  if (!Array.isArray(rules) || rules.length === 0) return gettext("Add a rule first.");
  return null;
}

/** The takes as marks: [{index, at, rule, target, shot, who}], in time order. */
export function takeMarks(answer) {
  const takes = isObject(answer) && Array.isArray(answer.takes) ? answer.takes : [];
  return takes
    .map((take, index) => ({
      index,
      at: take.at,
      rule: take.rule,
      target: take.target,
      shot: take.shot,
      who: isObject(take.trigger) ? take.trigger.UserId : undefined,
    }))
    .filter((mark) => typeof mark.at === "number" && Number.isFinite(mark.at))
    .sort((a, b) => a.at - b.at || a.index - b.index);
}

/** The take a time is in: the last one at or before `seconds` (null before the first). */
export function takeAt(answer, seconds) {
  let found = null;
  for (const mark of takeMarks(answer)) if (mark.at <= seconds) found = mark.index;
  return found;
}

/**
 * One take's regions as boxes in percent of its canvas, in draw order:
 * [{left, top, width, height, user, streamType, kind, slot}].
 */
export function momentBoxes(take) {
  const regions = isObject(take) && isObject(take.regions) ? take.regions : null;
  const canvas = regions && isObject(regions.canvas) ? regions.canvas : null;
  if (!canvas || !(canvas.w > 0) || !(canvas.h > 0) || !Array.isArray(regions.regions)) return [];
  return regions.regions
    .filter((region) => isObject(region) && region.w > 0 && region.h > 0)
    .map((region) => ({
      left: (region.x / canvas.w) * 100,
      top: (region.y / canvas.h) * 100,
      width: (region.w / canvas.w) * 100,
      height: (region.h / canvas.h) * 100,
      user: region.user_id ?? null,
      streamType: region.stream_type ?? null,
      kind: region.kind,
      slot: region.slot_index ?? null,
    }));
}

/** Whether a box shows someone's screen share (StreamType 1, B.10). */
export function isScreen(box) {
  return box.streamType === C.constants().stream_types.screen;
}

/** The body of a take's picture (POST /api/layouts/preview/) about `width` px wide. */
export function pictureBody(take, width) {
  const canvas = take.regions && take.regions.canvas ? take.regions.canvas : { w: width };
  const scale = canvas.w > width ? Math.round((width / canvas.w) * 1000) / 1000 : 1;
  return {
    document: take.document,
    participants: take.regions ? take.regions.participants : [],
    format: "jpeg",
    scale,
    overlay: false,
  };
}
