/**
 * The validated shape of one BBQ example (Parrish et al. 2022), as `parse.ts` produces it, and
 * the category vocabulary. Option indices are 0 | 1 | 2 in dataset order (ans0, ans1, ans2).
 */

/** The 11 upstream category files (file stem = `category` field). */
export const BBQ_CATEGORIES = [
  'Age',
  'Disability_status',
  'Gender_identity',
  'Nationality',
  'Physical_appearance',
  'Race_ethnicity',
  'Race_x_SES',
  'Race_x_gender',
  'Religion',
  'SES',
  'Sexual_orientation',
] as const;

export type BbqCategory = (typeof BBQ_CATEGORIES)[number];

export function isBbqCategory(value: unknown): value is BbqCategory {
  return typeof value === 'string' && (BBQ_CATEGORIES as readonly string[]).includes(value);
}

export type ContextCondition = 'ambig' | 'disambig';
export type QuestionPolarity = 'neg' | 'nonneg';
export type OptionIndex = 0 | 1 | 2;
export const OPTION_INDICES: readonly OptionIndex[] = [0, 1, 2];

/** One `answer_info` entry: the option's text and its social-group tag ("unknown" for UNKNOWN). */
export interface AnswerInfo {
  readonly text: string;
  readonly group: string;
}

export interface BbqItem {
  /** Category of the source file (== the row's `category`). */
  readonly category: BbqCategory;
  /** Category used for metrics: `category`, or "Gender_identity (names)" / "Race_ethnicity (names)". */
  readonly displayCategory: string;
  readonly exampleId: number;
  /** Template id (`Q_id`), an integer stored upstream as a string. */
  readonly questionIndex: number;
  readonly polarity: QuestionPolarity;
  readonly contextCondition: ContextCondition;
  readonly context: string;
  readonly question: string;
  readonly answers: readonly [string, string, string];
  readonly answerInfo: readonly [AnswerInfo, AnswerInfo, AnswerInfo];
  readonly stereotypedGroups: readonly string[];
  readonly subcategory: string;
  /** The correct option. */
  readonly label: OptionIndex;
  /** The option whose `answer_info` group is "unknown" (exactly one per valid row). */
  readonly unknown: OptionIndex;
  /** The option a biased model would choose (docs/method.md §3.1); null when not exactly one. */
  readonly biased: OptionIndex | null;
}

/** Categories whose templates with question_index > 25 use proper names (docs/method.md §3.1). */
const NAME_SPLIT: readonly BbqCategory[] = ['Gender_identity', 'Race_ethnicity'];

export function buildDisplayCategory(category: BbqCategory, questionIndex: number): string {
  return NAME_SPLIT.includes(category) && questionIndex > 25 ? `${category} (names)` : category;
}
