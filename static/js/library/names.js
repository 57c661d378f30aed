// File and preset names derived from one another. Pure.

const MAX_NAME = 200;

// `pattern` is the translated "%s (copy)"; the original name is shortened if
// the copy's name would pass the limit the API puts on names.
export function copyName(name, pattern) {
  const room = MAX_NAME - (pattern.length - 2);
  return pattern.replace("%s", name.slice(0, Math.max(room, 1)));
}

// Characters that Windows, macOS or Linux refuse in a file name, and control
// characters (\p{Cc}), become "_".
export function exportFileName(name) {
  const safe = name.replace(/[\\/:*?"<>|\p{Cc}]/gu, "_").trim();
  return `${safe || "preset"}.json`;
}

export function importName(fileName) {
  return fileName
    .replace(/\.json$/i, "")
    .trim()
    .slice(0, MAX_NAME);
}

export function exportText(document) {
  return `${JSON.stringify(document, null, 2)}\n`;
}
