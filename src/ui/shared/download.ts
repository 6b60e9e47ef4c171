import {todayIso} from '../../state/selectors';

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

/**
 * A compact local timestamp for file names, "20251231235959": local like the date the app
 * shows and prints on a sheet (todayIso), so a file made just after midnight in Xining is not
 * named after the day before.
 */
export function fileStamp(d: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${todayIso(d).replace(/-/g, '')}${pad(d.getHours())}${pad(d.getMinutes())}${pad(d.getSeconds())}`;
}
