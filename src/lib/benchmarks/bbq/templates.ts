/**
 * The pinned intersectional template CSVs (`templates/new_templates - Race_x_gender.csv`,
 * `… - Race_x_SES.csv`) → question_index (`Q_id`) → `Known_stereotyped_var2`, the gender or SES
 * the template stereotypes; the jsonl rows of these files list races only, so the target option
 * needs it (docs/method.md §3.1 step 3). Fields may hold line breaks: core/csv.ts reads them.
 * Pure: text in, a map and problems out.
 */
import { parseCsvRecords } from '../../core/csv';
import type { DataProblem } from '../types';

export interface TemplateVar2 {
  readonly var2: ReadonlyMap<number, string>;
  readonly problems: readonly DataProblem[];
}

export function parseTemplateVar2(file: string, text: string): TemplateVar2 {
  const records = parseCsvRecords(text);
  if (!Array.isArray(records))
    return { var2: new Map(), problems: [{ file, line: records.line, message: `not a CSV: ${records.message}` }] };
  const [header, ...body] = records;
  const qid = header?.cells.indexOf('Q_id') ?? -1;
  const col = header?.cells.indexOf('Known_stereotyped_var2') ?? -1;
  if (qid < 0 || col < 0)
    return { var2: new Map(), problems: [{ file, line: 1, message: 'header lacks Q_id or Known_stereotyped_var2' }] };
  const var2 = new Map<number, string>();
  const problems: DataProblem[] = [];
  for (const record of body) {
    const id = (record.cells[qid] ?? '').trim();
    const value = (record.cells[col] ?? '').trim();
    if (id === '' && value === '') continue;
    if (!/^\d+$/.test(id) || value === '') {
      problems.push({
        file,
        line: record.line,
        message: `template row without a Q_id and Known_stereotyped_var2 (Q_id ${JSON.stringify(id)})`,
      });
      continue;
    }
    const previous = var2.get(Number(id));
    if (previous !== undefined && previous !== value) {
      problems.push({
        file,
        line: record.line,
        message: `Q_id ${id} has two Known_stereotyped_var2 values ("${previous}", "${value}")`,
      });
      continue;
    }
    var2.set(Number(id), value);
  }
  return { var2, problems };
}
