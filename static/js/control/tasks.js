// The tasks page: running and recent tasks, refreshed every few seconds.
import { requestList } from "../common/http.js";
import { cdnHealth, displayUrl, formatDuration, uptimeSeconds } from "./format.js";
import { cdnStatusLabel, cdnStatusText, taskStatusLabel } from "./labels.js";

const REFRESH_MS = 5000;
const table = document.getElementById("tasks");
const body = table.querySelector("tbody");
const filter = document.getElementById("status-filter");
const empty = document.getElementById("tasks-empty");
const failure = document.getElementById("tasks-error");
const taskUrl = (id) => table.dataset.taskUrl.replace("/0/", `/${id}/`);

function cell(row, content) {
  const td = row.insertCell();
  if (content instanceof Node) td.append(content);
  else td.textContent = content;
  return td;
}

function statusBadge(status) {
  const badge = document.createElement("span");
  badge.className = `badge status-${status}`;
  badge.textContent = taskStatusLabel(status);
  return badge;
}

function healthList(task) {
  const list = document.createElement("ul");
  list.className = "cdn-health";
  for (const output of cdnHealth(task)) {
    const item = document.createElement("li");
    item.className = `health-${output.status}`;
    item.title = `${displayUrl(output.url)}: ${cdnStatusText(output.status)}`;
    item.textContent = `${displayUrl(output.url).split("/").pop()}: ${cdnStatusLabel(output.status)}`;
    list.append(item);
  }
  return list;
}

function draw(tasks) {
  body.replaceChildren();
  for (const task of tasks) {
    const row = body.insertRow();
    row.dataset.taskId = task.id;
    const link = document.createElement("a");
    link.href = taskUrl(task.id);
    link.textContent = task.room_id;
    cell(row, link);
    cell(row, task.preset_name || "—");
    cell(row, task.backend);
    cell(row, statusBadge(task.status));
    cell(row, healthList(task));
    cell(row, task.started_by || "—");
    cell(row, formatDuration(uptimeSeconds(task)));
  }
  empty.hidden = tasks.length > 0;
}

async function refresh() {
  const query = filter.value ? `?status=${encodeURIComponent(filter.value)}` : "";
  try {
    draw(await requestList(`${table.dataset.api}${query}`, { pages: 1 })); // the newest 200
    failure.hidden = true;
  } catch (error) {
    failure.textContent = error.message || gettext("The task list could not be loaded.");
    failure.hidden = false;
  }
}

filter.addEventListener("change", refresh);
refresh();
setInterval(refresh, REFRESH_MS);
