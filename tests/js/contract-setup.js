// Loaded before every unit test file (node --import): the API contract the pages
// embed, written by tests/js/test_node_units.py from layouts.core.page_contract.
import { readFileSync } from "node:fs";

import { setContract } from "../../static/js/editor/contract.js";

const path = process.env.MX_CONTRACT;
if (!path) throw new Error("MX_CONTRACT must name the contract JSON (run through pytest).");
setContract(JSON.parse(readFileSync(path, "utf8")));
