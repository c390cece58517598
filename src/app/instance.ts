// A stable id for this console (kept in the browser) and one per tab, so MQTT
// client ids never collide between two tabs of the same console.
const INSTANCE_KEY = 'singing-pager.instance';

function randomId(): string {
  const bytes = new Uint8Array(6);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export function consoleInstanceId(): string {
  try {
    const existing = localStorage.getItem(INSTANCE_KEY);
    if (existing && /^[0-9a-f]{12}$/.test(existing)) return existing;
    const id = randomId();
    localStorage.setItem(INSTANCE_KEY, id);
    return id;
  } catch {
    return randomId();
  }
}

export const TAB_ID = randomId().slice(0, 6);
