/**
 * The chart layer's public surface for views: pure spec builders (rows → ChartSpec), the size
 * lookup, the paper's reference values and CSV. Drawing, click mapping and image export live in
 * src/ui/charts (Chart.svelte, select.ts, export.ts).
 */
export { admissionsRaceSpec, type AdmissionsInput } from './admissions';
export { bbqAccuracySpec, bbqCategorySpec, OVERALL_LABEL, type BbqCategoryInput } from './bbq';
export { contrastSpec, relativeChange, type ContrastInput, type ContrastMode } from './contrast';
export { parseCsv, toCsv, type CsvValue } from './csv';
export { GANGULI_2023, PAPER_LABEL, referencePoints, type ReferencePoint } from './reference';
export { scalingSpec, type ScalingFigure, type ScalingInput } from './scaling';
export { catalogueSizes, familyLabel, type ModelSize, type SizeLookup } from './sizes';
export { CLICK_CLASS, plotWithText, type ChartPoint, type ChartSpec } from './spec';
export { winogenderOccupationSpec, winogenderPoints, type OccupationPoint, type WinogenderInput } from './winogender';
