// Field formats with a real check behind them, registered with the JSON Schema validator.

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** YYYY-MM-DD that names a real calendar day (proleptic Gregorian, years 0000–9999). */
export function isIsoDate(text: string): boolean {
  // arithmetic, not Date: this runs for every date field of every credential a batch verifies
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const year = Number(text.slice(0, 4));
  const month = Number(text.slice(5, 7));
  const day = Number(text.slice(8, 10));
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!);
}

/**
 * NPI: 10 digits whose last is a Luhn check digit computed over "80840" + the first nine
 * (CMS, "Requirements for National Provider Identifier Check Digit").
 */
export function isNpi(text: string): boolean {
  if (!/^\d{10}$/.test(text)) return false;
  const digits = ('80840' + text).split('').map(Number);
  let sum = 0;
  for (let i = digits.length - 1, double = false; i >= 0; i--, double = !double) {
    let d = digits[i]!;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

// ISO 3166-2:US subdivisions: the 50 states, DC, and the outlying areas with licensing boards.
const US_SUBDIVISIONS = new Set(
  (
    'AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND ' +
    'OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC AS GU MP PR UM VI'
  ).split(' '),
);

/** ISO 3166-2 subdivision code; for the US, one of the real subdivisions. */
export function isIso3166Subdivision(text: string): boolean {
  const m = /^([A-Z]{2})-([A-Z0-9]{1,3})$/.exec(text);
  if (m === null) return false;
  return m[1] !== 'US' || US_SUBDIVISIONS.has(m[2]!);
}

export const FORMATS = {
  date: isIsoDate,
  npi: isNpi,
  'iso3166-2': isIso3166Subdivision,
} as const;
