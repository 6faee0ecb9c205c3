/**
 * Today's date in UTC (YYYY-MM-DD): the day expiry and overdue are judged against, the same on
 * every instance whatever its time zone.
 */
export function todayUtc(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}
