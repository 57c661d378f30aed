// Pure wording helpers shared by the control-room pages (unit-tested in Node).

export function uptimeSeconds(task, now = Date.now()) {
  const started = Date.parse(task.created_at);
  const ended = task.stopped_at ? Date.parse(task.stopped_at) : now;
  return Math.max(0, Math.round((ended - started) / 1000));
}

export function formatDuration(seconds) {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const two = (n) => String(n).padStart(2, "0");
  return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${m}:${two(s)}`;
}

// One entry per CDN URL the task pushes to, with the latest callback status.
// List items carry the outputs alone; a whole task has them in its parameters.
export function cdnHealth(task) {
  const targets = task.outputs || (task.params && task.params.PublishCdnParams) || [];
  return targets.map((target) => {
    const url = target.PublishCdnUrl;
    const seen = (task.cdn_status || {})[url];
    return { url, status: seen ? seen.name : "no-report", code: seen ? seen.status : null };
  });
}

// The URL without its query: push URLs carry txSecret and similar keys.
export function displayUrl(url) {
  return String(url).split("?")[0];
}
