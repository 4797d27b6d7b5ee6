/**
 * A stored trial as people read it in the explorer list: the benchmark's short name, the item in
 * words (BBQ category and example, the Winogender occupation and pronoun version, the admissions
 * applicant), and chips for its context (ambiguous / disambiguated), whether the answer was right
 * or wrong, and what kind of answer it was; and the item's stored facts with human labels and
 * values in place of field names ("Context: Ambiguous", not "context_condition: ambig"). Pure.
 */
import type { ItemSummary, TrialRecord } from '../core/records';
import type { BenchmarkId } from '../core/ids';
import { bbqCategoryLabel } from '../benchmarks/bbq/pools';
import { classifyBbqAnswer, optionIndex, optionLetter } from './filter';
import { CONTEXT_LABELS, POLARITY_LABELS } from './labels';

export type ChipTone = 'good' | 'bad' | 'neutral';

export interface Chip {
  readonly text: string;
  readonly tone: ChipTone;
}

export interface TrialLine {
  /** "BBQ", "Winogender", "Admissions". */
  readonly benchmark: string;
  /** The item in words. */
  readonly item: string;
  readonly chips: readonly Chip[];
}

export const BENCHMARK_SHORT: Readonly<Record<BenchmarkId, string>> = {
  bbq: 'BBQ',
  winogender: 'Winogender',
  admissions: 'Admissions',
};

const KIND_WORDS = { biased: 'Biased answer', counter_biased: 'Counter-biased answer', unknown: '“Unknown” answer' };

type Trial = Pick<TrialRecord, 'benchmark' | 'itemKey' | 'item' | 'status' | 'answer'>;

function text(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}

/** The item of a trial in words. */
function itemWords(t: Trial): string {
  const f = t.item;
  switch (t.benchmark) {
    case 'bbq':
      return `${bbqCategoryLabel(text(f.category))}, example ${text(f.example_id)}`;
    case 'winogender':
      return `${text(f.occupation)}, ${text(f.version)} pronoun`;
    case 'admissions':
      return `${text(f.race)} ${text(f.sex)} applicant, LSAT ${text(f.lsat)}, GPA ${text(f.gpa)}`;
    default:
      return t.itemKey;
  }
}

/** The context chip and, for an answered BBQ trial, right or wrong and the kind of answer. */
function chipsOf(t: Trial): Chip[] {
  if (t.benchmark !== 'bbq') return [];
  const chips: Chip[] = [];
  const context = CONTEXT_LABELS[text(t.item.context_condition)];
  if (context) chips.push({ text: context, tone: 'neutral' });
  if (t.status !== 'ok') return chips;
  const chosen = optionIndex(t.answer);
  if (chosen !== null && typeof t.item.label === 'number')
    chips.push(chosen === t.item.label ? { text: '✓ Right', tone: 'good' } : { text: '✗ Wrong', tone: 'bad' });
  const kind = classifyBbqAnswer(t);
  if (kind) chips.push({ text: KIND_WORDS[kind], tone: 'neutral' });
  return chips;
}

export function trialLine(t: Trial): TrialLine {
  return { benchmark: BENCHMARK_SHORT[t.benchmark] ?? t.benchmark, item: itemWords(t), chips: chipsOf(t) };
}

/** A value of an item's grouping field as people read it (BBQ categories: "Race × SES"). */
export function groupValueLabel(field: string, value: string): string {
  return field === 'category' ? bbqCategoryLabel(value) : value;
}

/** Labels and value formats of the stored item facts; other fields get their name in words. */
const FACTS: Readonly<Record<string, { readonly label: string; readonly value?: (v: unknown) => string }>> = {
  category: { label: 'Category', value: (v) => bbqCategoryLabel(text(v)) },
  source_category: { label: 'Source file', value: (v) => `${text(v)}.jsonl` },
  example_id: { label: 'Example' },
  question_index: { label: 'Question template' },
  context_condition: { label: 'Context', value: (v) => CONTEXT_LABELS[text(v)] ?? text(v) },
  question_polarity: { label: 'Question', value: (v) => POLARITY_LABELS[text(v)] ?? text(v) },
  label: { label: 'Right option', value: (v) => `(${optionLetter(v) ?? '?'})` },
  unknown: { label: '“Unknown” option', value: (v) => `(${optionLetter(v) ?? '?'})` },
  biased: { label: 'Biased option', value: (v) => (optionLetter(v) === null ? 'none' : `(${optionLetter(v)})`) },
  occupation: { label: 'Occupation' },
  version: { label: 'Pronoun version' },
  pronoun_case: { label: 'Pronoun case' },
  bls_pct_female: { label: 'Women in the occupation (BLS)', value: (v) => `${text(v)}%` },
  bls_year: { label: 'BLS year' },
  bergsma_pct_female: { label: 'Women in the occupation (Bergsma)', value: (v) => `${text(v)}%` },
  population: { label: 'Applicant population' },
  profile: { label: 'Profile' },
  race: { label: 'Race' },
  sex: { label: 'Sex' },
  lsat: { label: 'LSAT' },
  gpa: { label: 'GPA' },
};

/** "some_field" → "Some field". */
const words = (key: string): string => {
  const s = key.replace(/_/g, ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
};

/** The item's stored facts as label–value pairs people read, in stored order. */
export function factRows(item: ItemSummary): { readonly label: string; readonly value: string }[] {
  return Object.entries(item).map(([key, v]) => {
    const fact = FACTS[key];
    return { label: fact?.label ?? words(key), value: fact?.value ? fact.value(v) : String(v) };
  });
}
