/**
 * The chart kit's public surface: pure spec builders (rows → ChartSpec) that know no benchmark
 * by name (a benchmark's own figures are in its present.ts), the paper's reference values and CSV. Drawing, click mapping and image export live in
 * src/ui/charts (Chart.svelte, select.ts, export.ts).
 */
export { contrastSpec, relativeChange, relativeVerdict, type ContrastInput, type ContrastMode } from './contrast';
export { toCsv, type CsvValue } from './csv';
export { GANGULI_2023, PAPER_LABEL, referencePoints, type ReferencePoint } from './reference';
export { scalingSpec, type ScalingFigure, type ScalingInput } from './scaling';
export type { ModelSize, SizeLookup } from '../core/sizes';
export { CLICK_CLASS, plotWithText, type ChartPoint, type ChartSpec } from './spec';
export { benchmarkCharting, type BenchmarkCharting } from './metrics';
export type { ModelFiguresInput, Presentation } from './figures';
