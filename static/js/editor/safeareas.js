// The overlays drawn over the canvas to keep text and faces clear of what covers
// them. Pure: zones are rectangles in output pixels with a label.
//
// "broadcast": action safe 93 % and title safe 90 % of each side, centred, as EBU
// R 95 and SMPTE ST 2046-1 give them for 16:9 HD.
// "vertical": where the apps that play 9:16 live streams (Douyin and TikTok,
// Kuaishou, WeChat Channels) put their own controls over the picture. No platform
// publishes these numbers; they are our approximate reading of their live rooms,
// as fractions of the width and height, and differ between phones and versions.

const gettext = (text) => (globalThis.gettext ? globalThis.gettext(text) : text);

const BROADCAST = [
  { kind: "action", share: 0.93, label: () => gettext("Action safe 93%") },
  { kind: "title", share: 0.9, label: () => gettext("Title safe 90%") },
];

const VERTICAL = [
  { kind: "app", x: 0, y: 0, w: 1, h: 0.12, label: () => gettext("App bar: host, viewers (approximate)") },
  { kind: "app", x: 0, y: 0.56, w: 0.72, h: 0.22, label: () => gettext("Comments (approximate)") },
  { kind: "app", x: 0.84, y: 0.4, w: 0.16, h: 0.38, label: () => gettext("Buttons (approximate)") },
  { kind: "app", x: 0, y: 0.78, w: 1, h: 0.22, label: () => gettext("Gifts and input bar (approximate)") },
];

/** [{kind, rect, label}] of the overlay `name` ("off", "broadcast", "vertical") on `canvas`. */
export function safeAreaZones(name, canvas) {
  const { w, h } = canvas;
  if (!(w > 0 && h > 0)) return [];
  if (name === "broadcast") {
    return BROADCAST.map((zone) => {
      const zw = Math.round(w * zone.share);
      const zh = Math.round(h * zone.share);
      return {
        kind: zone.kind,
        label: zone.label(),
        rect: { x: Math.round((w - zw) / 2), y: Math.round((h - zh) / 2), w: zw, h: zh },
      };
    });
  }
  if (name === "vertical") {
    return VERTICAL.map((zone) => ({
      kind: zone.kind,
      label: zone.label(),
      rect: {
        x: Math.round(zone.x * w),
        y: Math.round(zone.y * h),
        w: Math.round(zone.w * w),
        h: Math.round(zone.h * h),
      },
    }));
  }
  return [];
}
