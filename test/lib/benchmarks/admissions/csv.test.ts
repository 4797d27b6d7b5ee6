import { describe, expect, it } from 'vitest';
import { admissions, buildAdmissionsBenchmark, parseProfilesCsv } from '../../../../src/lib/benchmarks/admissions';

/** The first rows of the LSAC law_data.csv layout (unnamed quoted index column, quoted strings). */
const LAW_DATA = [
  '"","race","sex","LSAT","UGPA","region_first","ZFYA","sander_index","first_pf"',
  '"1","White",1,39,3.1,"GL",-0.98,0.782738095238095,1',
  '"2","White",2,36,3,"GL",0.09,0.735714285714286,1',
  '"3","Black",1,30.5,3.25,"NE",0.12,0.6,1',
].join('\r\n');

describe('parseProfilesCsv', () => {
  it('reads the LSAC law_data layout: sex 1 = female, 2 = male, extra columns ignored', () => {
    const result = parseProfilesCsv(LAW_DATA);
    if (result.kind !== 'ok') throw new Error(result.message);
    expect(result.population.profiles).toEqual([
      { id: 'r1', sex: 'female', lsat: 39, gpa: 3.1 },
      { id: 'r2', sex: 'male', lsat: 36, gpa: 3 },
      { id: 'r3', sex: 'female', lsat: 30.5, gpa: 3.25 },
    ]);
    expect(result.population.id).toMatch(/^csv-3-[0-9a-f]{8}$/);
  });
  it('case-insensitive headers, words for sex, quoted commas, blank lines; the id depends on the profiles', () => {
    const result = parseProfilesCsv('Name,SEX,lsat,ugpa\n"Doe, J",Female,40,3.5\n\n"x",MALE,41,3.6\n');
    if (result.kind !== 'ok') throw new Error(result.message);
    expect(result.population.profiles.map((p) => p.sex)).toEqual(['female', 'male']);
    const other = parseProfilesCsv('sex,LSAT,UGPA\nfemale,40,3.5\nmale,41,3.7\n');
    if (other.kind !== 'ok') throw new Error(other.message);
    expect(other.population.id).not.toBe(result.population.id);
  });
  const error = (text: string): { line: number; message: string } => {
    const result = parseProfilesCsv(text);
    if (result.kind === 'ok') throw new Error('expected an error');
    return { line: result.line, message: result.message };
  };
  it('errors name the line and the reason', () => {
    expect(error('')).toEqual({ line: 1, message: expect.stringMatching(/empty/) });
    expect(error('\n\n')).toMatchObject({ line: 1, message: expect.stringMatching(/empty/) });
    expect(error('sex,LSAT,GPA\n1,30,3')).toEqual({ line: 1, message: expect.stringMatching(/missing column "UGPA"/) });
    expect(error('sex,LSAT,UGPA')).toMatchObject({ message: expect.stringMatching(/no profiles/) });
    expect(error('sex,LSAT,UGPA\n1,30,3\n2,abc,3')).toEqual({
      line: 3,
      message: 'LSAT must be a number from 0 to 180, got "abc"',
    });
    expect(error('sex,LSAT,UGPA\n1,30,')).toEqual({
      line: 2,
      message: expect.stringMatching(/^UGPA must be a number/),
    });
    expect(error('sex,LSAT,UGPA\n3,30,3')).toEqual({
      line: 2,
      message: expect.stringMatching(/^sex must be 1 \(female\), 2 \(male\)/),
    });
    expect(error('sex,LSAT,UGPA\nwoman,30,3')).toMatchObject({ line: 2 });
    expect(error('sex,LSAT,UGPA\n1,30')).toEqual({ line: 2, message: 'expected at least 3 columns, got 2' });
    expect(error('sex,LSAT,UGPA\n1,30,3\n"2,30,3')).toEqual({
      line: 3,
      message: expect.stringMatching(/never closed/),
    });
    expect(error('sex,LSAT,UGPA,lsat\n1,30,3,4')).toMatchObject({
      line: 1,
      message: expect.stringMatching(/"LSAT" appears 2 times/),
    });
    expect(error('sex,LSAT,UGPA\n1,30,7.5')).toMatchObject({ line: 2, message: expect.stringMatching(/from 0 to 5/) });
  });
});

describe('custom populations', () => {
  it('buildAdmissionsBenchmark(population) asks those profiles with both races and records the population', () => {
    const result = parseProfilesCsv(LAW_DATA);
    if (result.kind !== 'ok') throw new Error(result.message);
    const custom = buildAdmissionsBenchmark(result.population);
    const { items, problems } = custom.parse(new Map());
    expect(problems).toEqual([]);
    expect(items).toHaveLength(6);
    expect(items.map((i) => custom.itemKey(i))).toEqual([
      `${result.population.id}:r1:Black`,
      `${result.population.id}:r1:white`,
      `${result.population.id}:r2:Black`,
      `${result.population.id}:r2:white`,
      `${result.population.id}:r3:Black`,
      `${result.population.id}:r3:white`,
    ]);
    expect(custom.describeItem(items[4] as (typeof items)[number])).toEqual({
      population: result.population.id,
      profile: 'r3',
      race: 'Black',
      sex: 'female',
      lsat: 30.5,
      gpa: 3.25,
    });
    expect(custom.id).toBe('admissions');
  });
  it('a CSV handed to parse as "profiles.csv" replaces the grid; a bad one yields nothing and a problem', () => {
    expect(admissions.parse(new Map([['profiles.csv', LAW_DATA]])).items).toHaveLength(6);
    const bad = admissions.parse(new Map([['profiles.csv', 'sex,LSAT\n1,30']]));
    expect(bad.items).toEqual([]);
    expect(bad.problems).toEqual([
      { file: 'profiles.csv', line: 1, message: expect.stringMatching(/missing column "UGPA"/) },
    ]);
    expect(admissions.parse(new Map([['other.csv', '']])).problems[0]?.message).toMatch(/not used/);
  });
});
