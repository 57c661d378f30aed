// The launch page: the form becomes a Start request, checked by the server
// as it is edited (problems, costs, the JSON), and sent only when it is valid.
import { request } from "../common/http.js";
import { buildRequest } from "./launch-request.js";
import { constants } from "../editor/contract.js";

const CHECK_DELAY_MS = 300;
const MAX_ROWS = constants().max_outputs; // R16, R17
const form = document.getElementById("launch-form");
const launchButton = document.getElementById("launch");
const launchError = document.getElementById("launch-error");
let checkTimer = null;
let checkSerial = 0;
let lastCheck = null;

function option(select, value, text) {
  const item = document.createElement("option");
  item.value = value;
  item.textContent = text;
  select.append(item);
}

function addRow(containerId, templateId) {
  const container = document.getElementById(containerId);
  if (container.children.length >= MAX_ROWS) return;
  const row = document.getElementById(templateId).content.firstElementChild.cloneNode(true);
  row.querySelector("[data-remove]").addEventListener("click", () => {
    row.remove();
    scheduleCheck();
  });
  container.append(row);
  row.querySelector("input").focus();
}

function rows(containerId) {
  return [...document.getElementById(containerId).children].map((row) => {
    const values = {};
    for (const input of row.querySelectorAll("[data-key]")) {
      values[input.dataset.key] = input.type === "checkbox" ? input.checked : input.value.trim();
    }
    return values;
  });
}

function formValues() {
  const data = new FormData(form);
  const values = Object.fromEntries(data.entries());
  for (const box of form.querySelectorAll("input[type=checkbox][name]")) values[box.name] = box.checked;
  values.outputs = rows("outputs");
  values.feedback = rows("feedback");
  return values;
}

function payload() {
  const values = formValues();
  const body = { request: buildRequest(values) };
  if (values.mode === "mix" && values.preset) body.preset = Number(values.preset);
  return body;
}

function showList(id, items, render) {
  const list = document.getElementById(id);
  list.replaceChildren(
    ...items.map((item) => {
      const entry = document.createElement("li");
      render(entry, item);
      return entry;
    }),
  );
}

function showCheck(result) {
  lastCheck = result;
  const errors = result.problems.filter((p) => p.severity === "error");
  document.getElementById("check-state").textContent = errors.length
    ? interpolate(
        ngettext("%s problem to fix before launching.", "%s problems to fix before launching.", errors.length),
        [errors.length],
      )
    : gettext("Ready to launch.");
  showList("problems", result.problems, (entry, problem) => {
    entry.className = problem.severity;
    entry.textContent = `${problem.path}: ${problem.message} (${problem.rule})`;
  });
  showList("costs", result.costs, (entry, cost) => {
    entry.textContent = cost.message;
  });
  document.getElementById("request-json").textContent = JSON.stringify(result.request, null, 2);
  launchButton.disabled = !result.valid;
}

async function check() {
  const serial = ++checkSerial;
  try {
    const result = await request("POST", form.dataset.check, payload());
    if (serial === checkSerial) showCheck(result);
  } catch (error) {
    if (serial !== checkSerial) return;
    launchButton.disabled = true;
    document.getElementById("check-state").textContent = error.message || gettext("The request could not be checked.");
  }
}

function scheduleCheck() {
  launchButton.disabled = true;
  clearTimeout(checkTimer);
  checkTimer = setTimeout(check, CHECK_DELAY_MS);
}

async function launch() {
  if (!lastCheck || !lastCheck.valid) return;
  launchButton.disabled = true;
  launchError.hidden = true;
  try {
    const task = await request("POST", form.dataset.start, payload());
    window.location.assign(`/tasks/${task.id}/`);
  } catch (error) {
    const body = error.body || {};
    launchError.textContent = body.cloud_message
      ? `${body.cloud_code}: ${body.cloud_message} (RequestId ${body.request_id})`
      : error.message || gettext("The task could not be started.");
    launchError.hidden = false;
    launchButton.disabled = false;
    offerToStopHolder(body.error === "robot-seated" ? body.holder : null);
  }
}

// R9: the robot's seat is held by one of our tasks; offer to stop that one.
function offerToStopHolder(holder) {
  const offer = document.getElementById("holder-offer");
  offer.hidden = !holder;
  if (!holder) return;
  const link = document.getElementById("holder-link");
  link.href = holder.page;
  link.textContent = interpolate(gettext("Task #%s"), [holder.id]);
  const stop = document.getElementById("holder-stop");
  stop.disabled = false;
  stop.onclick = async () => {
    stop.disabled = true;
    try {
      await request("POST", holder.stop);
      offer.hidden = true;
      launchError.textContent = gettext("That task is stopped: the robot's seat is free. Launch again.");
    } catch (failure) {
      launchError.textContent = failure.message || gettext("That task could not be stopped.");
      stop.disabled = false;
    }
  };
}

async function loadChoices() {
  const [apps, presets] = await Promise.all([
    request("GET", form.dataset.apps),
    request("GET", `${form.dataset.presets}?page_size=200`),
  ]);
  const appSelect = document.getElementById("app");
  for (const app of apps) option(appSelect, app.sdk_app_id, `${app.name} (${app.sdk_app_id})`);
  const note = () => {
    const app = apps.find((a) => String(a.sdk_app_id) === appSelect.value);
    document.getElementById("app-key-note").textContent =
      app && app.holds_sdk_key
        ? gettext("UserSigs are generated: the app holds its SDK key.")
        : gettext("Give the robots' UserSigs: this app holds no SDK key.");
  };
  appSelect.addEventListener("change", note);
  note();
  const presetSelect = document.getElementById("preset");
  for (const preset of presets.results) option(presetSelect, preset.id, preset.name);
  if (form.dataset.preset) presetSelect.value = form.dataset.preset;
}

function toggleMode() {
  const relay = form.querySelector("input[name=mode]:checked").value === "relay";
  document.getElementById("relay-fields").hidden = !relay;
  document.getElementById("preset").disabled = relay;
}

form.addEventListener("input", scheduleCheck);
form.addEventListener("change", () => {
  toggleMode();
  scheduleCheck();
});
document.getElementById("add-output").addEventListener("click", () => addRow("outputs", "output-row"));
document.getElementById("add-feedback").addEventListener("click", () => addRow("feedback", "feedback-row"));
launchButton.addEventListener("click", launch);
addRow("outputs", "output-row");
toggleMode();
loadChoices().then(scheduleCheck, (error) => {
  launchError.textContent = error.message || gettext("The page could not load its choices.");
  launchError.hidden = false;
});
