// US dollar amounts as policy lines print them: "$1,000,000". Grouped by hand rather than with
// toLocaleString, whose first call loads ICU's number formatting (about 10 ms of a verify).

/** "$1,000,000" for 1000000; whole dollars (the coverage schemas allow integers only). */
export function usd(amount: number): string {
  const sign = amount < 0 ? '-' : '';
  const digits = String(Math.trunc(Math.abs(amount)));
  return `${sign}$${digits.replace(/\B(?=(\d{3})+$)/g, ',')}`;
}
