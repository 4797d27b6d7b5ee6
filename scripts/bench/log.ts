/** The bench's progress lines (stderr) and its rounding of figures. */
export const log = (...args: unknown[]): void => console.error('[bench]', ...args);

export const round = (x: number | null | undefined, digits = 1): number | null =>
  x === null || x === undefined || Number.isNaN(x) ? null : Math.round(x * 10 ** digits) / 10 ** digits;
