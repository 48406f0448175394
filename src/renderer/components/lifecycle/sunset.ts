// Days left until a deprecated product's sunset, and how to say it: "in 12 days", "today", "3 days ago".

export function daysUntil(sunset: string, now = Date.now()): number {
  const today = Date.parse(`${new Date(now).toISOString().slice(0, 10)}T00:00:00Z`);
  return Math.round((Date.parse(`${sunset.slice(0, 10)}T00:00:00Z`) - today) / 86_400_000);
}

export function sunsetCountdown(sunset: string, now = Date.now()): string {
  const days = daysUntil(sunset, now);
  if (Number.isNaN(days)) return `sunset ${sunset}`;
  if (days === 0) return 'sunset today';
  const n = Math.abs(days);
  const text = `${n} day${n === 1 ? '' : 's'}`;
  return days > 0 ? `sunset in ${text}` : `sunset passed ${text} ago`;
}
