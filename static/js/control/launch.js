// The launch page: a whole show (a preset's, or a pasted body) shown part by
// part in the form, checked by the server as it is edited (problems, costs,
// the whole body it will send), and sent only when it is valid. Parts the
// producer leaves alone go exactly as they came (launch-request.js).
import { request } from "../common/http.js";
import { PARTS, buildRequest, cloudStorage, formFromRequest, pastedBody } from "./launch-request.js";
import { choiceText, constants, fieldNamed, inputBounds, rangeText } from "../editor/contract.js";

const CHECK_DELAY_MS = 300;
const MAX_ROWS = constants().max_outputs; // R16, R17
const form = document.getElementById("launch-form");
// Where the outputs' playback URLs sit in our own part of the body (layouts/core/show.py).
const showKeys = { playbackKey: form.dataset.playbackKey };
const launchButton = document.getElementById("launch");
// A preset with variants (constants().variants) also launches as a show: one task per leg.
const launchShowButton = document.getElementById("launch-show");
const launchError = document.getElementById("launch-error");
let checkTimer = null;
let checkSerial = 0;
let lastCheck = null;
// The show the form starts from, and the parts the producer has changed since.
let base = {};
let touched = new Set();
let source = { kind: "none", name: "" };

function option(select, value, text) {
  const item = document.createElement("option");
  item.value = value;
  item.textContent = text;
  select.append(item);
}

function addRow(containerId, templateId, values = null) {
  const container = document.getElementById(containerId);
  if (container.children.length >= MAX_ROWS) return null;
  const row = document.getElementById(templateId).content.firstElementChild.cloneNode(true);
  row.querySelector("[data-remove]").addEventListener("click", () => {
    const part = row.closest("[data-part]").dataset.part;
    row.remove();
    touched.add(part);
    scheduleCheck();
  });
  for (const input of row.querySelectorAll("[data-key]")) {
    if (!values || !(input.dataset.key in values)) continue;
    if (input.type === "checkbox") input.checked = Boolean(values[input.dataset.key]);
    else input.value = values[input.dataset.key];
  }
  container.append(row);
  return row;
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

/** Put `values` (formFromRequest) into the form; what they leave out stays as it is. */
function fillForm(values) {
  for (const [name, value] of Object.entries(values)) {
    if (name === "outputs" || name === "feedback") continue;
    for (const input of form.querySelectorAll(`[name="${name}"]`)) {
      if (input.type === "radio") input.checked = input.value === value;
      else if (input.type === "checkbox") input.checked = Boolean(value);
      else input.value = value;
    }
  }
  for (const [name, template] of [
    ["outputs", "output-row"],
    ["feedback", "feedback-row"],
  ]) {
    if (!values[name]) continue;
    document.getElementById(name).replaceChildren();
    for (const row of values[name]) addRow(name, template, row);
    if (name === "outputs" && !values[name].length) addRow(name, template);
  }
}

/** Start from `body`: the form shows it, and it goes as it is until a part is changed. */
function useBody(body, newSource) {
  base = body;
  touched = new Set();
  source = newSource;
  fillForm(formFromRequest(body, showKeys));
  toggleMode();
  drawSource();
  scheduleCheck();
}

function drawSource() {
  const note = document.getElementById("source-note");
  note.textContent =
    source.kind === "preset"
      ? interpolate(gettext("Showing the whole show of “%s”; what you leave alone is sent as it is."), [source.name])
      : source.kind === "paste"
        ? gettext("Showing the pasted body; what you leave alone is sent as it is.")
        : "";
  const layout = document.getElementById("layout-note");
  layout.textContent = base.VideoParams
    ? source.kind === "preset"
      ? interpolate(gettext("Layout: the picture of “%s”."), [source.name])
      : gettext("Layout: the picture of the pasted body.")
    : gettext("No layout: without one the task is audio only (R21). Start from a preset to mix a picture.");
  drawShowLaunch();
}

/** The legs of the show the form starts from: the main picture, then each variant's name. */
function showLegs() {
  const ours = base[constants().app_key];
  const { key, main } = constants().variants;
  const variants = ours && Array.isArray(ours[key]) ? ours[key] : [];
  const names = variants.filter((v) => v && typeof v.name === "string").map((v) => v.name);
  return names.length ? [main, ...names] : [];
}

function drawShowLaunch() {
  const legs = showLegs();
  launchShowButton.hidden = !legs.length;
  launchButton.classList.toggle("primary", !legs.length); // a show's legs are launched together first
  document.getElementById("show-note").hidden = !legs.length;
  if (!legs.length) return;
  launchShowButton.textContent = interpolate(
    ngettext("Launch the show (%s leg)", "Launch the show (%s legs)", legs.length),
    [legs.length],
  );
  document.getElementById("show-note-text").textContent = interpolate(
    gettext(
      "The show starts one task per leg (%s), each with its own picture and outputs; Launch starts the main picture alone.",
    ),
    [legs.join(", ")],
  );
}

function payload() {
  const values = formValues();
  const body = { request: buildRequest(values, base, touched, showKeys), fill_from_preset: false };
  if (source.kind === "preset") body.preset = Number(source.id);
  // A recording to cloud storage needs the keys a preset never keeps: ask for them.
  document.getElementById("storage-keys").hidden = !cloudStorage(body.request);
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
  const off = result.outputs_off || [];
  const note = document.getElementById("outputs-off-note");
  note.hidden = !off.length;
  note.textContent = interpolate(
    ngettext(
      "%s output is off: kept with the task, not sent.",
      "%s outputs are off: kept with the task, not sent.",
      off.length,
    ),
    [off.length],
  );
  launchButton.disabled = !result.valid;
  launchShowButton.disabled = !result.valid;
}

async function check() {
  const serial = ++checkSerial;
  try {
    const result = await request("POST", form.dataset.check, payload());
    if (serial === checkSerial) showCheck(result);
  } catch (error) {
    if (serial !== checkSerial) return;
    launchButton.disabled = true;
    launchShowButton.disabled = true;
    document.getElementById("check-state").textContent = error.message || gettext("The request could not be checked.");
  }
}

function scheduleCheck() {
  launchButton.disabled = true;
  launchShowButton.disabled = true;
  clearTimeout(checkTimer);
  checkTimer = setTimeout(check, CHECK_DELAY_MS);
}

async function launch(event) {
  if (!lastCheck || !lastCheck.valid) return;
  const show = event && event.currentTarget === launchShowButton;
  launchButton.disabled = true;
  launchShowButton.disabled = true;
  launchError.hidden = true;
  try {
    if (show) {
      const answer = await request("POST", form.dataset.shows, payload());
      window.location.assign(`/tasks/shows/${answer.show}/`);
      return;
    }
    const task = await request("POST", form.dataset.start, payload());
    window.location.assign(`/tasks/${task.id}/`);
  } catch (error) {
    const body = error.body || {};
    launchError.textContent = body.cloud_message
      ? `${body.cloud_code}: ${body.cloud_message} (RequestId ${body.request_id})`
      : error.message || gettext("The task could not be started.");
    launchError.hidden = false;
    launchButton.disabled = false;
    launchShowButton.disabled = false;
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

// The preset's Start body, with our own part of its whole show (outputs turned off,
// playback URLs), which the API's Start body never carries.
async function loadPreset(id, name) {
  const [body, preset] = await Promise.all([
    request("GET", `${form.dataset.presets}${id}/request/`),
    request("GET", `${form.dataset.presets}${id}/`),
  ]);
  const ours = (preset.request || {})[constants().app_key];
  if (ours) body[constants().app_key] = ours;
  useBody(body, { kind: "preset", id, name });
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
  option(presetSelect, "", gettext("None: the form alone"));
  // Names in the page's language (a starter's own name translated), as the library shows them.
  const shownName = (preset) => preset.display_name ?? preset.name;
  for (const preset of presets.results) option(presetSelect, preset.id, shownName(preset));
  presetSelect.addEventListener("change", () => {
    const chosen = presets.results.find((p) => String(p.id) === presetSelect.value);
    if (chosen) loadPreset(chosen.id, shownName(chosen)).catch(showLoadError);
    else useBody({}, { kind: "none", name: "" });
  });
  if (form.dataset.preset) {
    // Asked for by the library's Launch link; it may lie beyond the first page of the list.
    const id = form.dataset.preset;
    const known = presets.results.find((p) => String(p.id) === id);
    const name = shownName(known || (await request("GET", `${form.dataset.presets}${id}/`)));
    if (!known) option(presetSelect, id, name);
    presetSelect.value = id;
    await loadPreset(id, name);
  }
}

function showLoadError(error) {
  launchError.textContent = error.message || gettext("The page could not load its choices.");
  launchError.hidden = false;
}

function usePaste() {
  const problem = document.getElementById("paste-error");
  problem.hidden = true;
  let body;
  try {
    body = pastedBody(document.getElementById("paste-body").value);
  } catch (error) {
    problem.textContent =
      error.reason === "json"
        ? gettext("This is not JSON: paste the request body exactly as it is sent.")
        : gettext("A request body is a JSON object.");
    problem.hidden = false;
    return;
  }
  document.getElementById("preset").value = "";
  useBody(body, { kind: "paste", name: "" });
}

function toggleMode() {
  const relay = form.querySelector("input[name=mode]:checked").value === "relay";
  document.getElementById("relay-fields").hidden = !relay;
}

/**
 * Every input that names its API field (data-field="Shape.Field") gets from the
 * contract its range, length, default (as placeholder), choices in the contract's
 * words and the form's starting value; a <small data-range> beside it, its range.
 */
function setUpContractControls() {
  const start = constants().launch_form_start;
  const templates = [...document.querySelectorAll("template")].map((template) => template.content);
  for (const root of [form, ...templates]) {
    for (const input of root.querySelectorAll("[data-field]")) {
      const spec = fieldNamed(input.dataset.field);
      if (input.tagName === "SELECT") fillChoices(input, spec);
      else {
        for (const [name, value] of Object.entries(inputBounds(spec))) {
          if (!input.hasAttribute(name)) input.setAttribute(name, value);
        }
      }
      if (input.dataset.field in start) input.value = String(start[input.dataset.field]);
      const hint = input.parentElement.querySelector("small[data-range]");
      if (hint) hint.textContent = rangeText(spec);
    }
  }
  for (const hint of form.querySelectorAll("[data-range-of]"))
    hint.textContent = rangeText(fieldNamed(hint.dataset.rangeOf));
  const formats = document.getElementById("record-formats");
  for (const name of constants().record_formats) {
    const label = document.createElement("label");
    const box = document.createElement("input");
    box.type = "checkbox";
    box.name = `recordFormat_${name}`;
    label.append(box, ` ${name}`);
    formats.append(label);
  }
}

/** A field's choices; "—" (left out) first when the field may be left out and has no default. */
function fillChoices(select, spec) {
  if (!spec.required && spec.default === undefined) option(select, "", "—");
  for (const choice of spec.choices || []) option(select, String(choice), choiceText(spec, choice));
  if (spec.default !== undefined) select.value = String(spec.default);
}

function markTouched(event) {
  const part = event.target.closest("[data-part]");
  if (part && part.dataset.part in PARTS) touched.add(part.dataset.part);
}

setUpContractControls();
form.addEventListener("input", (event) => {
  markTouched(event);
  scheduleCheck();
});
form.addEventListener("change", (event) => {
  if (event.target.id === "preset") return;
  markTouched(event);
  toggleMode();
  scheduleCheck();
});
document.getElementById("add-output").addEventListener("click", () => {
  touched.add("outputs");
  const row = addRow("outputs", "output-row");
  if (row) row.querySelector("input[data-key=url]").focus();
});
document.getElementById("add-feedback").addEventListener("click", () => {
  touched.add("feedback");
  const row = addRow("feedback", "feedback-row");
  if (row) row.querySelector("input").focus();
});
document.getElementById("paste-use").addEventListener("click", usePaste);
launchButton.addEventListener("click", launch);
launchShowButton.addEventListener("click", launch);
addRow("outputs", "output-row");
toggleMode();
drawSource();
loadChoices().then(scheduleCheck, showLoadError);
