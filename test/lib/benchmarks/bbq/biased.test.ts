import { describe, expect, it } from 'vitest';
import { findBiasedOption, optionGroups } from '../../../../src/lib/benchmarks/bbq/biased';
import { parseBbqJsonl } from '../../../../src/lib/benchmarks/bbq/parse';
import { readData } from '../../../data-dir';
import { officialTargetLoc, parseCsv, type OfficialRow } from './official';

const LOCAL = ['Age', 'Disability_status', 'Nationality', 'Physical_appearance', 'Religion', 'Sexual_orientation'] as const;

describe('optionGroups', () => {
  it('lower-cases text and tag, splits prefixes and underscores, tags gender words', () => {
    expect([...optionGroups({ text: 'Black woman', group: 'F-Black' })].sort()).toEqual(['black', 'black woman', 'f']);
    expect([...optionGroups({ text: 'Donna Rivera', group: 'lowSES-F-Latino' })].sort()).toEqual(['donna rivera', 'f', 'latino', 'lowses']);
    expect([...optionGroups({ text: 'Juan', group: 'trans_M' })].sort()).toEqual(['juan', 'm', 'trans']);
    expect([...optionGroups({ text: 'boy', group: 'boy' })].sort()).toEqual(['boy', 'm']);
    expect(optionGroups({ text: 'grandson', group: 'nonOld' }).has('old')).toBe(false);
  });
});

describe('findBiasedOption', () => {
  const base = {
    answerInfo: [
      { text: 'grandfather', group: 'old' },
      { text: 'grandson', group: 'nonOld' },
      { text: "Can't be determined", group: 'unknown' },
    ] as const,
    stereotypedGroups: ['old'],
    unknown: 2 as const,
  };
  it('neg: the option in a stereotyped group; nonneg: the other non-unknown option', () => {
    expect(findBiasedOption({ ...base, polarity: 'neg' })).toEqual({ kind: 'found', option: 0 });
    expect(findBiasedOption({ ...base, polarity: 'nonneg' })).toEqual({ kind: 'found', option: 1 });
  });
  it('reports two matching options instead of guessing (same race, different SES)', () => {
    const r = findBiasedOption({
      polarity: 'neg',
      answerInfo: [
        { text: 'Unknown', group: 'unknown' },
        { text: 'Black receptionist', group: 'lowSES-Black' },
        { text: 'Black physician', group: 'highSES-Black' },
      ],
      stereotypedGroups: ['Black', 'African American'],
      unknown: 0,
    });
    expect(r.kind).toBe('problem');
  });
  it('reports empty answer_info and missing stereotyped groups', () => {
    const emptyInfo = [{ text: '', group: '' }, base.answerInfo[1], base.answerInfo[2]] as const;
    expect(findBiasedOption({ ...base, answerInfo: emptyInfo, polarity: 'nonneg' }).kind).toBe('problem');
    expect(findBiasedOption({ ...base, stereotypedGroups: [], polarity: 'neg' }).kind).toBe('problem');
  });
});

describe('biased option on every row of the six local BBQ files', () => {
  for (const category of LOCAL) {
    it(`${category}: exactly one biased option per row, equal to the official target_loc`, () => {
      const text = readData(`bbq/data/${category}.jsonl`);
      const parsed = parseBbqJsonl(`${category}.jsonl`, text);
      expect(parsed.problems).toEqual([]);
      expect(parsed.items.every((i) => i.biased !== null && i.biased !== i.unknown)).toBe(true);

      const templates = parseCsv(readData(`bbq/templates/new_templates - ${category}.csv`));
      const ksg = new Map<string, Set<string>>();
      for (const t of templates) if (t.Q_id) ksg.set(t.Q_id, (ksg.get(t.Q_id) ?? new Set()).add(t.Known_stereotyped_groups ?? ''));
      const rows = text.trim().split('\n').map((l) => JSON.parse(l) as OfficialRow & { example_id: number; question_index: string });
      let compared = 0;
      rows.forEach((row, i) => {
        const groups = ksg.get(row.question_index);
        expect(groups?.size, `template ${row.question_index} has one Known_stereotyped_groups`).toBe(1);
        const official = officialTargetLoc(row, [...(groups as Set<string>)][0] as string);
        expect(official, `${category} example ${row.example_id}`).toBe(parsed.items[i]?.biased);
        compared++;
      });
      expect(compared).toBe(parsed.items.length);
    });
  }
});
