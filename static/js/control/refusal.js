// How the control room words a refused call: the cloud's own code, or the problems
// found before sending, or the request's message. Shared by the task page and its live controls.

const { gettext, interpolate } = window;

export function describeRefusal(error) {
  const body = (error && error.body) || {};
  if (body.findings) {
    return [error.message, ...body.findings.map((f) => f.message)].filter(Boolean).join(" ");
  }
  if (body.cloud_code) {
    return interpolate(gettext("The cloud refused it: %s, %s (RequestId %s). Nothing changed on air."), [
      body.cloud_code,
      body.cloud_message,
      body.request_id,
    ]);
  }
  const problems = (body.problems || []).filter((p) => p.severity === "error");
  if (problems.length) {
    const lines = [...new Set(problems.map((p) => `${p.path}: ${p.message} (${p.rule})`))];
    return `${gettext("Refused before sending; nothing went to the cloud.")} ${lines.join(" · ")}`;
  }
  return (error && error.message) || gettext("The request failed.");
}
