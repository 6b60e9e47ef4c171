/** Hands a file to the browser's download; the object URL is released once it has been taken. */
export function downloadFile(content: string | Uint8Array, fileName: string, type: string): void {
  const url = URL.createObjectURL(new Blob([content as BlobPart], {type}));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

export const stamp = (d = new Date()) => d.toISOString().slice(0, 19).replace(/[-:T]/g, '');
