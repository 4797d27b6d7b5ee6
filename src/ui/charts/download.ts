/**
 * Browser-side glue for the Chart component's export buttons: the page background behind the
 * chart (so an exported dark-theme chart keeps readable text), and saving a Blob as a file.
 */

/** The first non-transparent background colour at or above `el` (white if none). */
export function backgroundBehind(el: Element): string {
  const view = el.ownerDocument.defaultView;
  for (let at: Element | null = el; at !== null; at = at.parentElement) {
    const bg = view?.getComputedStyle(at).backgroundColor ?? '';
    if (bg !== '' && bg !== 'transparent' && !/^rgba\(.*,\s*0\)$/.test(bg)) return bg;
  }
  return '#ffffff';
}

export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
