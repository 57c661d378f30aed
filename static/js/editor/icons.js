// The editor's icons: small inline SVGs drawn here, so the page loads nothing from
// another host. Each is a list of path data on a 20×20 grid, stroked in the
// button's text colour.

const PATHS = {
  slot: ["M3 5h14v10H3z", "M7 9a1.5 1.5 0 1 0 3 0a1.5 1.5 0 1 0-3 0", "M5.5 14c.6-2 2-3 3-3s2.4 1 3 3"],
  image: ["M3 4h14v12H3z", "M3 13l4-4 3 3 2-2 5 5", "M12.5 7.5a1 1 0 1 0 2 0a1 1 0 1 0-2 0"],
  text: ["M4 5h12", "M10 5v11", "M7.5 16h5"],
  undo: ["M7 5L3.5 8.5 7 12", "M3.5 8.5H12a4.5 4.5 0 0 1 0 9H8"],
  redo: ["M13 5l3.5 3.5L13 12", "M16.5 8.5H8a4.5 4.5 0 0 0 0 9h4"],
  "align-left": ["M3 2v16", "M6 5h9v3H6z", "M6 12h6v3H6z"],
  "align-hcenter": ["M10 2v16", "M5 5h10v3H5z", "M7 12h6v3H7z"],
  "align-right": ["M17 2v16", "M5 5h9v3H5z", "M8 12h6v3H8z"],
  "align-top": ["M2 3h16", "M5 6h3v9H5z", "M12 6h3v6h-3z"],
  "align-vcenter": ["M2 10h16", "M5 5h3v10H5z", "M12 7h3v6h-3z"],
  "align-bottom": ["M2 17h16", "M5 5h3v9H5z", "M12 8h3v6h-3z"],
  "spread-x": ["M2 3v14", "M18 3v14", "M6 7h3v6H6z", "M11 7h3v6h-3z"],
  "spread-y": ["M3 2h14", "M3 18h14", "M7 6h6v3H7z", "M7 11h6v3H7z"],
  forward: ["M4 8h9v9H4z", "M7 3h9v9", "M7 3v2", "M16 12h-2"],
  backward: ["M7 3h9v9H7z", "M4 8v9h9"],
  front: ["M6 6h8v8H6z", "M3 3h4", "M3 3v4", "M17 17h-4", "M17 17v-4"],
  back: ["M6 6h8v8H6z", "M3 10H2v8h8v-1", "M10 3h8v8h-1"],
  "fix-order": ["M3 5h9v6H3z", "M8 9h9v6H8z", "M14 3l1.5 1.5L18 2"],
  duplicate: ["M7 7h10v10H7z", "M4 13H3V3h10v1"],
  lock: ["M5 9h10v8H5z", "M7 9V6.5a3 3 0 0 1 6 0V9"],
  unlock: ["M5 9h10v8H5z", "M7 9V6.5a3 3 0 0 1 5.8-1"],
  eye: ["M2 10s3-5.5 8-5.5S18 10 18 10s-3 5.5-8 5.5S2 10 2 10z", "M8 10a2 2 0 1 0 4 0a2 2 0 1 0-4 0"],
  "eye-off": ["M2 10s3-5.5 8-5.5S18 10 18 10s-3 5.5-8 5.5S2 10 2 10z", "M3 17L17 3"],
  delete: ["M4 6h12", "M8 6V4h4v2", "M6 6l1 11h6l1-11"],
  ruler: ["M2 7h16v6H2z", "M5 7v3", "M8 7v2", "M11 7v3", "M14 7v2"],
  "zoom-out": ["M3 9a6 6 0 1 0 12 0a6 6 0 1 0-12 0", "M13.5 13.5L18 18", "M6 9h6"],
  "zoom-in": ["M3 9a6 6 0 1 0 12 0a6 6 0 1 0-12 0", "M13.5 13.5L18 18", "M6 9h6", "M9 6v6"],
  fit: ["M3 7V3h4", "M13 3h4v4", "M17 13v4h-4", "M7 17H3v-4"],
  actual: ["M4 6l2-1.5V15", "M14 6l2-1.5V15", "M10 8v.5", "M10 12v.5"],
  grip: ["M7 5v.5", "M13 5v.5", "M7 10v.5", "M13 10v.5", "M7 15v.5", "M13 15v.5"],
  upload: ["M10 14V3", "M6 7l4-4 4 4", "M3 13v4h14v-4"],
  library: ["M3 4h5v12H3z", "M10 4h3v12h-3z", "M14 5l3 .7-2.4 11-3-.7"],
  safe: ["M2 4h16v12H2z", "M5 6.5h10v7H5z"],
  warning: ["M10 3L18 17H2z", "M10 8v4", "M10 14.5v.5"],
};

/** An <svg> for `name`, hidden from screen readers: the button's label names it. */
export function icon(name) {
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", "0 0 20 20");
  svg.setAttribute("width", "18");
  svg.setAttribute("height", "18");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  svg.setAttribute("class", "mx-icon");
  for (const d of PATHS[name] || []) {
    const path = document.createElementNS(ns, "path");
    path.setAttribute("d", d);
    svg.append(path);
  }
  return svg;
}
