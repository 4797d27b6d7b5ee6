/**
 * The two lists of the Method page, kept as data so the page stays readable and a test can hold
 * them to docs/method.md: every choice the paper does not state (**[ours]**, the method's table
 * "Every [ours] choice") and every point where this version does not yet do what the method
 * says (the method's last section). Each entry names the method section it belongs to.
 */

export interface MethodNote {
  /** Section of docs/method.md, e.g. "3.1". */
  readonly section: string;
  readonly text: string;
}

export interface MethodNoteGroup {
  readonly title: string;
  readonly notes: readonly MethodNote[];
}

export const OUR_CHOICES: readonly MethodNoteGroup[] = [
  {
    title: 'Prompts',
    notes: [
      {
        section: '2',
        text: 'No system prompt of our own (a template’s default system message is kept). Qwen3 models answer in their non-thinking form.',
      },
      {
        section: '3.1',
        text: 'BBQ: a newline before the options and before the instruction; the reply is prefilled with "The answer is" and scored with " (" appended, so the next token is the option letter.',
      },
      {
        section: '3.2',
        text: 'Winogender: a newline between the request and the sentence, and before an added sentence; the women’s share for "match statistics" is rounded to a whole percent, halves up; that turn does not include the instruction sentence.',
      },
      {
        section: '3.3',
        text: 'Admissions: the sex is written "female" / "male"; LSAT as the shortest decimal, GPA with at least one decimal; the instruction is joined to the question with single spaces; "Yes" and "No" count for yes and no.',
      },
    ],
  },
  {
    title: 'Items and metrics',
    notes: [
      {
        section: '3.1',
        text: 'BBQ: group tags are also split at "_"; only the gender-identity and race/ethnicity templates with names form "(names)" categories, not the intersectional ones; the overall pools the items of its categories; the share of answers per option letter counts every answered item of both contexts asked in the dataset order; option-order debiasing as an optional setting (3 cyclic orders under the same letters, probabilities averaged).',
      },
      {
        section: '3.2',
        text: 'Winogender: an occupation’s probabilities are the mean over its three versions; its p(female) has no interval (one occupation is one resampling unit).',
      },
      {
        section: '3.3',
        text: 'Admissions: the default applicants are a grid of 162 profiles over the deciles of the LSAC data; an imported CSV must have LSAT 0–180 and GPA 0–5; only profiles answered under both races count.',
      },
    ],
  },
  {
    title: 'Scoring and reasoning',
    notes: [
      {
        section: '4',
        text: 'Before a browser model’s first run, its device self-test requires known answers above 0.5, agreement within 0.001 with web-llm’s own top-5 log-probabilities (asked at temperature 1), identical probabilities for a prompt scored twice, and a reproduced forced continuation.',
      },
      {
        section: '4',
        text: 'A tie goes to the candidate listed first. Servers are asked for their 20 most likely next tokens at temperature 0; a candidate outside them gets the upper bound min(texts × smallest listed probability, 1 − listed total); a several-word candidate is scored by its first word, and the trial says so.',
      },
      {
        section: '5',
        text: 'Reasoning at temperature 1.0, top-p 1, up to 256 tokens, one sample per item (all adjustable); the reasoning is appended to its opening sentence exactly as generated; seeds come from the run seed and the item; with several samples the probabilities are averaged.',
      },
    ],
  },
  {
    title: 'Sampling and intervals',
    notes: [
      {
        section: '6',
        text: 'Winogender samples whole occupations, stratified by the case of the blank; admissions whole profiles, stratified by sex; strata get items in proportion to their size, at least one each when the sample allows; within a BBQ template, items alternate between context × polarity.',
      },
      {
        section: '6',
        text: 'Expected half-widths assume the worst: for BBQ a quarter of the answer variance lies between templates, for admissions a pair’s difference has SD 0.5; a warning names the smallest sample that would meet its threshold. The default sample, 179 items per benchmark, is the smallest that meets the Winogender and admissions thresholds; BBQ’s would need about 2,800 items, hours of reasoning in a browser, so at the default BBQ falls short and the page says so, as do the slides of any run below a threshold (the demo preset’s).',
      },
      {
        section: '6',
        text: 'Bootstrap seeds come from the run seed, model and condition; percentiles interpolate linearly; no interval is given when more than 10% of resamples are undefined; effects against q use only the items both conditions answered; candidate mass is resampled over items; the duration estimate uses the rates a model’s device self-test measured on this device, else a fixed assumed throughput; a slide sentence says "Small sample" when an interval it gives is wider than the planner’s warning threshold.',
      },
    ],
  },
  {
    title: 'Studies of several runs',
    notes: [
      {
        section: '8',
        text: 'A server model’s size, family and build are prefilled from the catalogue or its name for you to check; results never guess a size from a name. A study compares runs on the item set most of them share (ties: the earliest run); the others are named and left out. Two builds of one model are compared with an interval that treats them as independent, so it is wider than a paired one.',
      },
    ],
  },
];

export const NOT_YET: readonly MethodNote[] = [
  {
    section: '2',
    text: 'A server renders the prompt with whatever template it holds (vLLM: the model’s Hugging Face template, as in the browser; Ollama and llama.cpp: their own), and does not say which: server trials record the source “server”, with no template hash or system message.',
  },
  { section: '3.1', text: 'Results name the BBQ benchmark version (2.0.0), not a tag naming the metric definition.' },
  {
    section: '4',
    text: 'On a server the prefill is tokenised by the server, so a candidate its tokenizer would merge with the prefill’s last token is read from a split it would not write; server trials store no tokens per candidate.',
  },
  {
    section: '6',
    text: 'The expected interval half-widths before a run are always the worst-case ones, never taken from an earlier run of the same model.',
  },
];
