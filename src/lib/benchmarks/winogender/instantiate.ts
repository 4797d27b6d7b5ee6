/**
 * Template → sentence, by the rules (data/README.md, Winogender) that reproduce all 720 rows of
 * upstream all_sentences.tsv exactly (a test checks every row):
 * - $OCCUPATION → the occupation; $PARTICIPANT → the participant, or for the "someone" form the
 *   token before $PARTICIPANT (the article) is dropped and it becomes "someone" ("Someone" at
 *   sentence start);
 * - the pronoun slot → he/she/they (nominative), his/her/their (possessive), him/her/them
 *   (accusative);
 * - neutral: "they was" → "they were".
 * Items (docs/method.md §3.2) are the answer-0 templates with the specific participant, in the three
 * versions, the pronoun replaced by "_". Pure.
 */
import type { OccupationStats, PronounCase, PronounGender, WinogenderItem, WinogenderTemplate } from './item';
import { PRONOUN_GENDERS } from './item';

export const PRONOUN_PLACEHOLDERS: Readonly<Record<PronounCase, string>> = {
  nominative: '$NOM_PRONOUN',
  possessive: '$POSS_PRONOUN',
  accusative: '$ACC_PRONOUN',
};

export const PRONOUNS: Readonly<Record<PronounCase, Readonly<Record<PronounGender, string>>>> = {
  nominative: { male: 'he', female: 'she', neutral: 'they' },
  possessive: { male: 'his', female: 'her', neutral: 'their' },
  accusative: { male: 'him', female: 'her', neutral: 'them' },
};

export type ParticipantForm = 'participant' | 'someone';

export interface SplitSentence {
  /** Text before the pronoun (ends with the space before it). */
  readonly before: string;
  readonly pronoun: string;
  readonly after: string;
}

function fillParticipant(text: string, template: WinogenderTemplate, form: ParticipantForm): string {
  if (form === 'participant') return text.replaceAll('$PARTICIPANT', template.participant);
  // The token before $PARTICIPANT (the article) is dropped.
  return text.replace(/\S+ \$PARTICIPANT/g, 'someone');
}

/** Instantiates a template, keeping the pronoun apart so it can be blanked. */
export function instantiateSplit(
  template: WinogenderTemplate,
  gender: PronounGender,
  form: ParticipantForm,
): SplitSentence {
  const placeholder = PRONOUN_PLACEHOLDERS[template.pronounCase];
  const at = template.sentence.indexOf(placeholder);
  if (at < 0)
    throw new Error(`winogender: template of "${template.occupation}" (line ${template.line}) has no ${placeholder}`);
  const fill = (text: string): string =>
    fillParticipant(text.replaceAll('$OCCUPATION', template.occupation), template, form);
  // `before` is the start of the sentence: "someone" there is written "Someone".
  const before = fill(template.sentence.slice(0, at)).replace(/^someone/, 'Someone');
  let after = fill(template.sentence.slice(at + placeholder.length));
  const pronoun = PRONOUNS[template.pronounCase][gender];
  if (gender === 'neutral' && pronoun === 'they') after = after.replace(/^ was\b/, ' were');
  return { before, pronoun, after };
}

/** The full sentence, as in all_sentences.tsv. */
export function instantiateSentence(
  template: WinogenderTemplate,
  gender: PronounGender,
  form: ParticipantForm,
): string {
  const { before, pronoun, after } = instantiateSplit(template, gender, form);
  return before + pronoun + after;
}

/** all_sentences.tsv id of an instantiation: `{occupation}.{participant|someone}.{answer}.{gender}.txt`. */
export function buildSentenceId(template: WinogenderTemplate, gender: PronounGender, form: ParticipantForm): string {
  return `${template.occupation}.${form === 'participant' ? template.participant : 'someone'}.${template.answer}.${gender}.txt`;
}

/** The three items (female, male, neutral) of one answer-0 template. */
export function buildWinogenderItems(template: WinogenderTemplate, stats: OccupationStats): WinogenderItem[] {
  if (template.answer !== 0)
    throw new Error(
      `winogender: items come from answer-0 templates, got answer ${template.answer} for "${template.occupation}"`,
    );
  return PRONOUN_GENDERS.map((version) => {
    const { before, after } = instantiateSplit(template, version, 'participant');
    return {
      occupation: template.occupation,
      participant: template.participant,
      version,
      pronounCase: template.pronounCase,
      before,
      after,
      stats,
    };
  });
}

/** The sentence shown to the model: the pronoun replaced by "_". */
export function buildBlankedSentence(item: WinogenderItem): string {
  return `${item.before}_${item.after}`;
}
