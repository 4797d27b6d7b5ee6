import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findBiasedOption, normaliseLabel, optionLabels } from '../../../../src/lib/benchmarks/bbq/biased';
import { parseBbq, parseBbqJsonl } from '../../../../src/lib/benchmarks/bbq/parse';
import { parseTemplateVar2 } from '../../../../src/lib/benchmarks/bbq/templates';
import { readData } from '../../../data-dir';
import { officialTargetLoc, parseCsv, type OfficialRow } from './official';

const LOCAL = [
  'Age',
  'Disability_status',
  'Nationality',
  'Physical_appearance',
  'Religion',
  'Sexual_orientation',
] as const;

const FIXTURES = new URL('../../../fixtures/bbq/', import.meta.url);
const fixture = (category: string): string => readFileSync(new URL(`${category}.jsonl`, FIXTURES), 'utf8');
const template = (category: string): string => readData(`bbq/templates/new_templates - ${category}.csv`);

describe('optionLabels', () => {
  it('text and tag labels: tag split on _, prefixes kept as labels, lower-case, spaces removed, gender words', () => {
    expect([...optionLabels({ text: 'Black woman', group: 'F-Black' })].sort()).toEqual(['black', 'blackwoman', 'f']);
    expect([...optionLabels({ text: 'Donna Rivera', group: 'lowSES-F-Latino' })].sort()).toEqual([
      'donnarivera',
      'f',
      'latino',
      'lowses',
    ]);
    expect([...optionLabels({ text: 'Darnell Jackson', group: 'lowSES_M-Black' })].sort()).toEqual([
      'black',
      'darnelljackson',
      'lowses',
      'm',
    ]);
    expect([...optionLabels({ text: 'Juan', group: 'trans_M' })].sort()).toEqual(['juan', 'm', 'trans']);
    expect([...optionLabels({ text: 'boy', group: 'boy' })].sort()).toEqual(['m']);
    expect([...optionLabels({ text: 'women', group: 'F' })].sort()).toEqual(['f']);
    expect([...optionLabels({ text: 'African American', group: 'M-African American' })].sort()).toEqual([
      'africanamerican',
      'm',
    ]);
    expect(optionLabels({ text: 'grandson', group: 'nonOld' }).has('old')).toBe(false);
  });
  it('normalises stereotyped groups the same way', () => {
    expect(['low SES', 'African American', 'Women', 'M'].map(normaliseLabel)).toEqual([
      'lowses',
      'africanamerican',
      'f',
      'm',
    ]);
  });
});

describe('findBiasedOption', () => {
  const base = {
    category: 'Age' as const,
    answerInfo: [
      { text: 'grandfather', group: 'old' },
      { text: 'grandson', group: 'nonOld' },
      { text: "Can't be determined", group: 'unknown' },
    ] as const,
    stereotypedGroups: ['old'],
    unknown: 2 as const,
  };
  it('neg: biased = target (the option in a stereotyped group); nonneg: the other non-unknown option', () => {
    expect(findBiasedOption({ ...base, polarity: 'neg' })).toEqual({ kind: 'found', target: 0, option: 0 });
    expect(findBiasedOption({ ...base, polarity: 'nonneg' })).toEqual({ kind: 'found', target: 0, option: 1 });
  });
  it('SES: "low SES" in stereotyped_groups matches the lowSES tag', () => {
    const ses = { category: 'SES' as const, stereotypedGroups: ['low SES'], unknown: 1 as const };
    const answerInfo = [
      { text: 'line cook', group: 'lowSES' },
      { text: 'Unknown', group: 'unknown' },
      { text: 'physician', group: 'highSES' },
    ] as const;
    expect(findBiasedOption({ ...ses, answerInfo, polarity: 'neg' })).toEqual({ kind: 'found', target: 0, option: 0 });
    expect(findBiasedOption({ ...ses, answerInfo, polarity: 'nonneg' })).toEqual({
      kind: 'found',
      target: 0,
      option: 2,
    });
  });
  const sameRace = {
    category: 'Race_x_SES' as const,
    polarity: 'neg' as const,
    answerInfo: [
      { text: 'Unknown', group: 'unknown' },
      { text: 'Black receptionist', group: 'lowSES-Black' },
      { text: 'Black physician', group: 'highSES-Black' },
    ] as const,
    stereotypedGroups: ['Black', 'African American'],
    unknown: 0 as const,
  };
  it('intersectional: the race in stereotyped_groups and the template Known_stereotyped_var2 decide', () => {
    expect(findBiasedOption({ ...sameRace, var2: 'lowSES' })).toEqual({ kind: 'found', target: 1, option: 1 });
    expect(findBiasedOption({ ...sameRace, var2: 'highSES' })).toEqual({ kind: 'found', target: 2, option: 2 });
    expect(findBiasedOption({ ...sameRace, polarity: 'nonneg', var2: 'highSES' })).toEqual({
      kind: 'found',
      target: 2,
      option: 1,
    });
  });
  it('intersectional without Known_stereotyped_var2: no target, never a guess', () => {
    const r = findBiasedOption(sameRace);
    expect(r.kind).toBe('problem');
    if (r.kind === 'problem') expect(r.message).toMatch(/Known_stereotyped_var2/);
  });
  it('two or no targets: no target (a problem), never a guess', () => {
    const both = { ...base, stereotypedGroups: ['old', 'nonOld'], polarity: 'nonneg' as const };
    expect(findBiasedOption(both).kind).toBe('problem');
    expect(findBiasedOption({ ...base, stereotypedGroups: ['young'], polarity: 'neg' }).kind).toBe('problem');
  });
  it('reports empty answer_info and missing stereotyped groups', () => {
    const emptyInfo = [{ text: '', group: '' }, base.answerInfo[1], base.answerInfo[2]] as const;
    expect(findBiasedOption({ ...base, answerInfo: emptyInfo, polarity: 'nonneg' }).kind).toBe('problem');
    expect(findBiasedOption({ ...base, stereotypedGroups: [], polarity: 'neg' }).kind).toBe('problem');
  });
});

/**
 * The fixtures (test/fixtures/bbq/<category>.jsonl) are rows in the official generator's format,
 * built from the pinned templates, 4 rows per scenario (neg ambig, neg disambig, nonneg ambig,
 * nonneg disambig). Per scenario: the first example_id, then the target worked out by hand from
 * answer_info, stereotyped_groups and the template's Known_stereotyped_var2, then the other
 * non-UNKNOWN option (the nonneg rows' biased option).
 */
const EXPECTED: Readonly<Record<string, readonly (readonly [number, number, number])[]>> = {
  SES: [
    [0, 0, 2], // Q4 occupations: line cook (lowSES) vs physician (highSES); groups ["low SES"]
    [4, 2, 1], // Q4: chemist (highSES) vs cashier (lowSES)
    [8, 1, 0], // Q1: rich (highSES) vs poor (lowSES)
    [12, 0, 1], // Q8 names: lowSES_M-Black vs highSES_M-Black
  ],
  Race_x_gender: [
    // Q1, Known_stereotyped_var2 M, races Black / African American
    [0, 0, 1], // same race, different gender: M-Black vs F-Black
    [4, 2, 1], // different race, same gender: M-White vs M-Black
    [8, 0, 2], // both different: M-African American vs F-Latino
    // Q3, var2 F
    [12, 2, 1], // same race: M-Black vs F-Black
    [16, 0, 1], // different race: F-Black vs F-Asian
    [20, 2, 0], // both: M-White vs F-African American
    // Q2 (proper names), var2 M
    [24, 2, 1], // same race: F-Black vs M-Black
    [28, 0, 2], // different race: M-Black vs M-White
    [32, 1, 0], // both: F-Asian vs M-Black
  ],
  Race_x_SES: [
    // Q1, var2 lowSES, races Black / African American / Latino / Hispanic
    [0, 0, 1], // same race, different SES: lowSES-Black vs highSES-Black
    [4, 2, 1], // different race, same SES: lowSES-White vs lowSES-Latino
    [8, 0, 2], // both: lowSES-Hispanic vs highSES-White
    // Q13, var2 highSES, race Asian
    [12, 2, 1], // same race: lowSES-Asian vs highSES-Asian
    [16, 0, 1], // different race: highSES-Asian vs highSES-Roma
    [20, 2, 0], // both: lowSES-Arab vs highSES-Asian
    // Q2 (proper names), var2 lowSES
    [24, 0, 1], // same race: lowSES-F-Black vs highSES-F-Black
    [28, 2, 0], // different race: lowSES-F-White vs lowSES-F-Latino
    [32, 1, 2], // both: lowSES-F-Black vs highSES-F-White
  ],
  Gender_identity: [
    [0, 1, 0], // groups ["F"]: man (M) vs woman (F)
    [4, 1, 2], // trans: trans_F vs nonTrans_F
    [8, 2, 0], // names (Q40): Robert (M) vs Mary (F)
  ],
  Race_ethnicity: [
    [0, 1, 0], // "African" is not "African American"
    [4, 1, 2], // names (Q30): F-Black vs F-White
  ],
};

describe('target on the fixture rows of the five files not available offline', () => {
  for (const [category, scenarios] of Object.entries(EXPECTED)) {
    it(`${category}: every row gets the hand-computed target and biased option`, () => {
      const files = new Map([[`${category}.jsonl`, fixture(category)]]);
      if (category.includes('_x_')) files.set(`new_templates - ${category}.csv`, template(category));
      const { items, problems } = parseBbq(files);
      expect(problems).toEqual([]);
      expect(items).toHaveLength(scenarios.length * 4);
      for (const [first, target, other] of scenarios) {
        const got = items.slice(first, first + 4).map((i) => [i.polarity, i.biased]);
        expect(got, `${category} example ${first}`).toEqual([
          ['neg', target],
          ['neg', target],
          ['nonneg', other],
          ['nonneg', other],
        ]);
      }
    });
  }
  it('without their template, intersectional rows have no target, and the file says so once', () => {
    const { items, problems } = parseBbq(new Map([['Race_x_gender.jsonl', fixture('Race_x_gender')]]));
    expect(items.every((i) => i.biased === null)).toBe(true);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.message).toMatch(/new_templates - Race_x_gender\.csv is missing/);
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
      for (const t of templates)
        if (t.Q_id) ksg.set(t.Q_id, (ksg.get(t.Q_id) ?? new Set()).add(t.Known_stereotyped_groups ?? ''));
      const rows = text
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as OfficialRow & { example_id: number; question_index: string });
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

describe('parseTemplateVar2', () => {
  it('maps every Q_id of the pinned intersectional templates to its Known_stereotyped_var2 (fields hold line breaks)', () => {
    const gender = parseTemplateVar2('g.csv', template('Race_x_gender'));
    expect(gender.problems).toEqual([]);
    expect(gender.var2.size).toBe(42);
    expect([gender.var2.get(1), gender.var2.get(3), gender.var2.get(43)]).toEqual(['M', 'F', 'M']);
    const ses = parseTemplateVar2('s.csv', template('Race_x_SES'));
    expect(ses.problems).toEqual([]);
    expect(ses.var2.size).toBe(26);
    expect([ses.var2.get(1), ses.var2.get(13)]).toEqual(['lowSES', 'highSES']);
  });
  it('reports a header without the columns, a conflicting Q_id and a broken quote', () => {
    expect(parseTemplateVar2('x.csv', 'a,b\n1,2\n').problems[0]?.message).toMatch(/lacks Q_id/);
    expect(parseTemplateVar2('x.csv', 'Q_id,Known_stereotyped_var2\n1,M\n1,F\n').problems[0]).toMatchObject({
      line: 3,
      message: expect.stringMatching(/two Known_stereotyped_var2/),
    });
    expect(parseTemplateVar2('x.csv', 'Q_id,Known_stereotyped_var2\n1,"M\n').problems[0]?.message).toMatch(/not a CSV/);
  });
});
