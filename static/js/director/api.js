// The auto-director's calls (errors and CSRF: common/http.js).
import { request as json } from "../common/http.js";

/** The rule sets Mix Studio ships with, titled in the page's language: [{name, title, rules}]. */
export function listRuleStarters() {
  return json("GET", "/api/rules/starters/");
}

/** Every cut the rules would make over a scenario: {start, takes, truncated, warnings}. */
export function dryRun(body, { signal } = {}) {
  return json("POST", "/api/layouts/dry-run/", body, { signal });
}

/** The presets a rule can take, by name: [{id, name}] (the first page of the library). */
export async function listPresetNames() {
  const answer = await json("GET", "/api/presets/?page_size=200");
  const items = answer && Array.isArray(answer.results) ? answer.results : [];
  return items.map((item) => ({ id: item.id, name: item.name }));
}
