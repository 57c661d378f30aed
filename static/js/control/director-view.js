// The auto-director's status in words, for the task page's director panel
// (director-panel.js). Pure: the status as GET director/ answers it, and the clock.

const { gettext, interpolate } = window;

/** One line on what automation is doing, from the director's status. */
export function statusLine(status, now = Date.now()) {
  if (!status.rules.length) return gettext("No rules: every change is a manual Take.");
  if (status.slate.on) return gettext("The slate is on air: automation waits until it is released.");
  if (status.paused) return gettext("Automation is paused: the rules watch the room but cut nothing.");
  const hold = status.hold_until ? Date.parse(status.hold_until) - now : 0;
  if (hold > 0) {
    return interpolate(gettext("Automation is on, holding for %s s after the last cut."), [(hold / 1000).toFixed(1)]);
  }
  if (status.next_due) {
    const due = Math.max(0, Date.parse(status.next_due) - now);
    return interpolate(gettext("Automation is on: a rule looks again in %s s."), [(due / 1000).toFixed(1)]);
  }
  return gettext("Automation is on, watching the room.");
}
