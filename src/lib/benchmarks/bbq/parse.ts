/**
 * BBQ jsonl text → validated items (boundary validation). Every field is type-checked; a bad
 * row becomes a DataProblem naming the file and 1-based line, never a crash or a silent guess.
 * A row without a target (biased.ts) stays an item with `biased: null`, left out of accuracy
 * and bias by the metrics (docs/method.md §3.1 step 5), and is reported as a problem too.
 * Race_x_gender / Race_x_SES rows need their template CSV (templates.ts), handed in the same map
 * under its DataFile name; without it their rows have no target and the file says so once.
 * Pure: text in, values out.
 */
import type { DataProblem, ParsedDataset } from '../types';
import { findBiasedOption, isIntersectional } from './biased';
import { templateFileName } from './source';
import { parseTemplateVar2 } from './templates';
import {
  buildDisplayCategory,
  isBbqCategory,
  OPTION_INDICES,
  type AnswerInfo,
  type BbqCategory,
  type BbqItem,
  type OptionIndex,
} from './item';

type Row = Record<string, unknown>;

function isRecord(value: unknown): value is Row {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isOption(value: unknown): value is OptionIndex {
  return value === 0 || value === 1 || value === 2;
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

/** "Age.jsonl" or "data/Age.jsonl" → "Age"; null for a name that is no BBQ category file. */
export function parseCategoryFromFileName(name: string): BbqCategory | null {
  const stem = (name.split('/').pop() ?? '').replace(/\.jsonl$/, '');
  return isBbqCategory(stem) ? stem : null;
}

/** A value of a bad row for a message: short, and safe for any nesting depth (JSON.stringify recurses). */
function show(value: unknown): string {
  try {
    const text = JSON.stringify(value) ?? String(value);
    return text.length > 80 ? `${text.slice(0, 80)}…` : text;
  } catch {
    return Array.isArray(value) ? 'an array nested too deeply to show' : 'an object nested too deeply to show';
  }
}

/** Validates one parsed JSON row; returns the item (biased option still to be found) or a message. */
function parseRow(row: unknown, category: BbqCategory): Omit<BbqItem, 'biased'> | string {
  if (!isRecord(row)) return 'row is not a JSON object';
  const {
    example_id,
    question_index,
    question_polarity,
    context_condition,
    answer_info,
    additional_metadata,
    context,
    question,
    ans0,
    ans1,
    ans2,
    label,
  } = row;
  if (typeof example_id !== 'number' || !Number.isInteger(example_id) || example_id < 0)
    return `example_id must be a non-negative integer, got ${show(example_id)}`;
  if (row.category !== category)
    return `category ${show(row.category)} does not match the file's category "${category}"`;
  if (typeof question_index !== 'string' || !/^\d+$/.test(question_index))
    return `question_index must be a string of digits, got ${show(question_index)}`;
  if (question_polarity !== 'neg' && question_polarity !== 'nonneg')
    return `question_polarity must be "neg" or "nonneg", got ${show(question_polarity)}`;
  if (context_condition !== 'ambig' && context_condition !== 'disambig')
    return `context_condition must be "ambig" or "disambig", got ${show(context_condition)}`;
  if (typeof context !== 'string') return 'context must be a string';
  if (typeof question !== 'string') return 'question must be a string';
  if (typeof ans0 !== 'string' || typeof ans1 !== 'string' || typeof ans2 !== 'string')
    return 'ans0, ans1, ans2 must be strings';
  if (!isOption(label)) return `label must be 0, 1 or 2, got ${show(label)}`;
  if (!isRecord(answer_info)) return 'answer_info must be an object';
  const infos: AnswerInfo[] = [];
  for (const o of OPTION_INDICES) {
    const entry = answer_info[`ans${o}`];
    if (!isStringArray(entry) || entry.length !== 2)
      return `answer_info.ans${o} must be [text, group] strings, got ${show(entry)}`;
    infos.push({ text: entry[0] as string, group: entry[1] as string });
  }
  if (!isRecord(additional_metadata)) return 'additional_metadata must be an object';
  const groups = additional_metadata.stereotyped_groups;
  if (!isStringArray(groups))
    return `additional_metadata.stereotyped_groups must be a list of strings, got ${show(groups)}`;
  const subcategory = additional_metadata.subcategory;
  if (typeof subcategory !== 'string') return 'additional_metadata.subcategory must be a string';
  const unknowns = OPTION_INDICES.filter((o) => infos[o]?.group === 'unknown');
  if (unknowns.length !== 1) return `expected exactly one answer_info group "unknown", found ${unknowns.length}`;
  const questionIndex = Number(question_index);
  return {
    category,
    displayCategory: buildDisplayCategory(category, questionIndex),
    exampleId: example_id,
    questionIndex,
    polarity: question_polarity,
    contextCondition: context_condition,
    context,
    question,
    answers: [ans0, ans1, ans2],
    answerInfo: [infos[0] as AnswerInfo, infos[1] as AnswerInfo, infos[2] as AnswerInfo],
    stereotypedGroups: groups,
    subcategory,
    label,
    unknown: unknowns[0] as OptionIndex,
  };
}

/**
 * One category file's text → items and problems. `file` is the DataFile name (e.g. "Age.jsonl");
 * `var2`: question_index → Known_stereotyped_var2 of the category's template (intersectional only).
 */
export function parseBbqJsonl(file: string, text: string, var2?: ReadonlyMap<number, string>): ParsedDataset<BbqItem> {
  const category = parseCategoryFromFileName(file);
  if (category === null)
    return {
      items: [],
      problems: [{ file, message: `"${file}" is not a BBQ category file (expected e.g. "Age.jsonl")` }],
    };
  const items: BbqItem[] = [];
  const problems: DataProblem[] = [];
  const needsTemplate = isIntersectional(category) && var2 === undefined;
  if (needsTemplate)
    problems.push({
      file,
      message: `${templateFileName(category)} is missing: no ${category} row has a target option (left out of accuracy and bias)`,
    });
  const seen = new Set<number>();
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = (lines[i] as string).trim();
    if (raw === '') continue;
    const line = i + 1;
    let row: unknown;
    try {
      row = JSON.parse(raw);
    } catch (error) {
      problems.push({ file, line, message: `invalid JSON: ${error instanceof Error ? error.message : String(error)}` });
      continue;
    }
    const parsed = parseRow(row, category);
    if (typeof parsed === 'string') {
      problems.push({ file, line, message: parsed });
      continue;
    }
    if (seen.has(parsed.exampleId)) {
      problems.push({ file, line, message: `duplicate example_id ${parsed.exampleId}` });
      continue;
    }
    seen.add(parsed.exampleId);
    const biased = findBiasedOption({ ...parsed, var2: var2?.get(parsed.questionIndex) });
    if (biased.kind === 'problem' && !needsTemplate)
      problems.push({
        file,
        line,
        message: `example_id ${parsed.exampleId}: biased option undefined (${biased.message})`,
      });
    items.push({ ...parsed, biased: biased.kind === 'found' ? biased.option : null });
  }
  return { items, problems };
}

const TEMPLATE_FILE = /^new_templates - (.+)\.csv$/;

/**
 * Every file of the map (any subset of the 11 category files, and the intersectional template
 * CSVs by their DataFile names) → items and problems, in map order.
 */
export function parseBbq(files: ReadonlyMap<string, string>): ParsedDataset<BbqItem> {
  const items: BbqItem[] = [];
  const problems: DataProblem[] = [];
  const templates = new Map<string, ReadonlyMap<number, string>>();
  for (const [name, text] of files) {
    const match = TEMPLATE_FILE.exec(name.split('/').pop() ?? '');
    if (match === null) continue;
    const parsed = parseTemplateVar2(name, text);
    templates.set(match[1] as string, parsed.var2);
    problems.push(...parsed.problems);
  }
  for (const [name, text] of files) {
    if (TEMPLATE_FILE.test(name.split('/').pop() ?? '')) continue;
    const category = parseCategoryFromFileName(name);
    const parsed = parseBbqJsonl(name, text, category === null ? undefined : templates.get(category));
    items.push(...parsed.items);
    problems.push(...parsed.problems);
  }
  return { items, problems };
}
