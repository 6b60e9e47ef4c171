/** Hands a file to the browser's download (a blob: URL, so nothing leaves the device). */
export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

export function downloadText(text: string, fileName: string, type: string): void {
  downloadBlob(new Blob([text], {type}), fileName);
}

/** A compact UTC timestamp for file names: 20251231T235959 → "20251231235959". */
export const fileStamp = (d = new Date()) => d.toISOString().slice(0, 19).replace(/[-:T]/g, '');
