import { test } from "node:test";
import assert from "node:assert/strict";
import { copyName, exportFileName, importName } from "../../../static/js/library/names.js";

test("a file name replaces the characters file systems refuse, control characters included", () => {
  assert.equal(exportFileName('a/b\\c:d*e?f"g<h>i|j'), "a_b_c_d_e_f_g_h_i_j.json");
  assert.equal(exportFileName("tab\there\u0000nul\u007fdel"), "tab_here_nul_del.json");
});

test("a name of nothing but spaces exports as preset.json", () => {
  assert.equal(exportFileName("   "), "preset.json");
});

test("letters outside ASCII stay in a file name", () => {
  assert.equal(exportFileName("新闻 · 早间"), "新闻 · 早间.json");
});

test("an imported file's name loses its .json ending", () => {
  assert.equal(importName("  Morning show.JSON"), "Morning show");
});

test("a copy's name stays within the 200-character limit", () => {
  const name = copyName("x".repeat(200), "%s (copy)");
  assert.equal(name.length, 200);
  assert.ok(name.endsWith(" (copy)"));
});
