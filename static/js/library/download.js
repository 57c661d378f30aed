// Hands a text to the browser as a file download, without a server round trip.

export function downloadText(fileName, text, type = "application/json") {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started by the time click() returns; the URL can go soon after.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
