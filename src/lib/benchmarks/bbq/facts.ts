/**
 * The facts about a BBQ item that are stored on each trial record (`ItemSummary`) and that the
 * metrics read back: enough to recompute every BBQ number from storage alone.
 * `parseBbqFacts` validates a stored summary; a malformed one is a bug (or a corrupt record)
 * and throws with context.
 */
import type { ItemSummary } from '../../core/records';
import {
  buildDisplayCategory,
  isBbqCategory,
  type BbqItem,
  type ContextCondition,
  type OptionIndex,
  type QuestionPolarity,
} from './item';

/** A type alias (not an interface) so that it is assignable to `ItemSummary`. */
export type BbqFacts = {
  /** Display category, with the "(names)" split (docs/method.md §3.1). */
  readonly category: string;
  /** Category of the source file. */
  readonly source_category: string;
  readonly example_id: number;
  readonly question_index: number;
  readonly context_condition: ContextCondition;
  readonly question_polarity: QuestionPolarity;
  readonly label: OptionIndex;
  readonly unknown: OptionIndex;
  readonly biased: OptionIndex | null;
};

export function buildBbqFacts(item: BbqItem): BbqFacts {
  return {
    category: item.displayCategory,
    source_category: item.category,
    example_id: item.exampleId,
    question_index: item.questionIndex,
    context_condition: item.contextCondition,
    question_polarity: item.polarity,
    label: item.label,
    unknown: item.unknown,
    biased: item.biased,
  };
}

function option(value: unknown, field: string): OptionIndex {
  if (value === 0 || value === 1 || value === 2) return value;
  throw new Error(`bbq item summary: ${field} must be 0, 1 or 2, got ${JSON.stringify(value)}`);
}

export function parseBbqFacts(summary: ItemSummary): BbqFacts {
  const { category, source_category, example_id, question_index, context_condition, question_polarity } = summary;
  const where = `bbq item summary ${JSON.stringify(summary)}`;
  if (!isBbqCategory(source_category)) throw new Error(`${where}: unknown source_category`);
  if (typeof example_id !== 'number' || !Number.isInteger(example_id))
    throw new Error(`${where}: example_id must be an integer`);
  if (typeof question_index !== 'number' || !Number.isInteger(question_index))
    throw new Error(`${where}: question_index must be an integer`);
  if (category !== buildDisplayCategory(source_category, question_index))
    throw new Error(`${where}: category does not match source_category and question_index`);
  if (context_condition !== 'ambig' && context_condition !== 'disambig')
    throw new Error(`${where}: bad context_condition`);
  if (question_polarity !== 'neg' && question_polarity !== 'nonneg') throw new Error(`${where}: bad question_polarity`);
  return {
    category,
    source_category,
    example_id,
    question_index,
    context_condition,
    question_polarity,
    label: option(summary.label, 'label'),
    unknown: option(summary.unknown, 'unknown'),
    biased: summary.biased === null ? null : option(summary.biased, 'biased'),
  };
}

/** Identity of an item across conditions (pairing key). */
export function bbqFactsKey(facts: BbqFacts): string {
  return `${facts.source_category}:${facts.example_id}`;
}
