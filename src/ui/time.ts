// Clock times as the console writes them everywhere: 24-hour, the same form as the
// quiet-hours fields, whatever the browser's locale would pick.

/** "14:05". */
export function hhmm(ms: number): string {
  const d = new Date(ms);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

/** "14:05:09". */
export function hhmmss(ms: number): string {
  return `${hhmm(ms)}:${String(new Date(ms).getSeconds()).padStart(2, '0')}`;
}

/** "14:05" today, else the locale's date and "14:05". */
export function dayAndTime(ms: number, now = Date.now()): string {
  const d = new Date(ms);
  return d.toDateString() === new Date(now).toDateString() ? hhmm(ms) : `${d.toLocaleDateString()} ${hhmm(ms)}`;
}
