// Hands a file to the user through the browser's download (both faces: Electron shows its save dialog).
export function saveFile(name: string, content: Blob | string, type = 'text/plain'): void {
  const blob = typeof content === 'string' ? new Blob([content], { type }) : content;
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A file name from cluster text: only characters every file system takes. */
export const safeFileName = (text: string) => text.replace(/[^\w.-]+/g, '_').slice(0, 80) || 'lineage';
