// Lint rules for the pages' JavaScript (static/js) and its unit tests (tests/js).
// Formatting is prettier's job (.prettierrc); eslint checks for mistakes only.
import js from "@eslint/js";
import globals from "globals";

export default [
  js.configs.recommended,
  {
    files: ["**/*.js"],
    languageOptions: {
      ecmaVersion: "latest",
      sourceType: "module",
      globals: {
        ...globals.browser,
        // The pages load Django's JavaScript catalogue before their modules.
        gettext: "readonly",
        ngettext: "readonly",
        interpolate: "readonly",
      },
    },
  },
  {
    // Unit tests and this config run in Node.
    files: ["tests/js/**/*.js", "eslint.config.js"],
    languageOptions: { globals: { ...globals.node } },
  },
];
