const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/u;

/** A date (`1990-04-12`) in words as people and other systems also write it: `12 Apr 1990`, … */
export const dateSpellings = (text: string): string[] => {
  const match = ISO_DATE.exec(text);
  const month = MONTHS[Number(match?.[2]) - 1];
  if (!match || !month) return [];
  const [, year, , dd] = match;
  const day = String(Number(dd));
  const short = month.slice(0, 3);
  return [
    `${dd} ${short} ${year}`,
    `${day} ${short} ${year}`,
    `${day} ${month} ${year}`,
    `${short} ${day}, ${year}`,
    `${month} ${day}, ${year}`,
  ];
};

/**
 * The pattern of a date (`1990-04-12`) in digits, as another system's message writes it its
 * own way: year first, day first or month first, separated by `-`, `/`, `.` or a space, the
 * day and the month with or without their zero (`1990-4-12`, `12/4/1990`, `04.12.1990`), or
 * run together with their zeros (`19900412`). Run together without them (`4121990`) it
 * would be any number, and is left. One pattern rather than every spelling listed: the
 * redactor's expression stays small. `gap` (a pattern) may stand between any two of its
 * characters: what a reader does not see. `undefined` for any other text.
 */
export const numericDatePattern = (text: string, gap = ''): string | undefined => {
  const match = ISO_DATE.exec(text);
  if (!match?.[1] || !match[2] || !match[3]) return undefined;
  const spaced = (digits: string) => [...digits].join(gap);
  // A day or a month with its zero or without: `0?4` for `04`.
  const optionalZero = (digits: string) =>
    digits.startsWith('0') ? `(?:0${gap})?${digits[1]}` : spaced(digits);
  const [year, mm, dd] = [spaced(match[1]), match[2], match[3]];
  const orders = (month: string, day: string, between: string) =>
    [
      [year, month, day],
      [day, month, year],
      [month, day, year],
    ].map((order) => order.join(`${gap}${between}${gap}`));
  return `(?:${[
    ...orders(spaced(mm), spaced(dd), '[-/. ]?'),
    ...orders(optionalZero(mm), optionalZero(dd), '[-/. ]'),
  ].join('|')})`;
};
