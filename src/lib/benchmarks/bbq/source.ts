/**
 * The pinned upstream of BBQ: nyu-mll/BBQ at one commit, the 11 category files and the two
 * intersectional template CSVs (their `Known_stereotyped_var2` decides the target option of
 * Race_x_gender / Race_x_SES rows, docs/method.md §3.1), each with its git blob SHA-1 (from
 * data/README.md). A file whose blob SHA-1 differs is refused by the loaders. `bytes` is given
 * where the README states it.
 */
import type { DataFile, DatasetSource } from '../types';

export const BBQ_COMMIT = 'bea11bd97d79217245b5871acd247b9d6eb24598';

const file = (stem: string, sha1: string, bytes?: number): DataFile =>
  bytes === undefined
    ? { name: `${stem}.jsonl`, path: `data/${stem}.jsonl`, sha1 }
    : { name: `${stem}.jsonl`, path: `data/${stem}.jsonl`, sha1, bytes };

/** DataFile name of a template CSV = its file name upstream ("new_templates - Race_x_SES.csv"). */
export const templateFileName = (category: string): string => `new_templates - ${category}.csv`;

const template = (category: string, sha1: string, bytes: number): DataFile => ({
  name: templateFileName(category),
  path: `templates/${templateFileName(category)}`,
  sha1,
  bytes,
});

export const BBQ_SOURCE: DatasetSource = {
  repo: 'nyu-mll/BBQ',
  commit: BBQ_COMMIT,
  license: 'CC BY 4.0',
  sourceUrl: `https://github.com/nyu-mll/BBQ/tree/${BBQ_COMMIT}`,
  origin: 'the 11 category files of BBQ (Parrish et al. 2022), pinned by commit and checked by git blob SHA-1',
  files: [
    file('Age', '5c5e7586163b869fe029e77e63716f2026e4ae08', 3_091_834),
    file('Disability_status', '9aedeccaf599299cdfa523531d625ae85ecb9131', 1_336_984),
    file('Gender_identity', 'dc79ceaaa9e7126edc99a200d632899c50274b16'),
    file('Nationality', 'cba9b63d34536cb51a6cbae76b189df3d2a945c0', 2_900_040),
    file('Physical_appearance', '8cbdf83265459083224e3a2d37809294ff12ad77', 1_347_476),
    file('Race_ethnicity', '68daf3d692b27a10596772b3b15742b26f0b110e'),
    file('Race_x_SES', '905cd8a5b8734e2063fe524e69a38f0a71c75907'),
    file('Race_x_gender', 'dd09a905b284690445d36259d675243950fa0bd7'),
    file('Religion', '44c1940ee22f00891ab4a5526a293691957aeacb', 1_118_728),
    file('SES', '78d11ffbdb70f501617345e5c697d00045d57c29'),
    file('Sexual_orientation', 'a06351f4dd67ba30632396eeb0c3677c67b7d387', 729_010),
    template('Race_x_gender', '07f9d7333c91fcf7b0913fb8e16e505717799d2f', 23_421),
    template('Race_x_SES', 'cd3f1224d8d071f4aa0061672dee8ab847394db3', 18_520),
  ],
};
