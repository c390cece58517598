// One id per tab, kept across reloads of that tab (sessionStorage), so the MQTT client
// id — and with it the broker's persistent session and its queued alerts — survives a
// reload. Two tabs with one id would knock each other off the broker; a duplicated tab
// copies sessionStorage, so before using its id a tab asks the others over a
// BroadcastChannel and takes a fresh one if the id is already held.

export const TAB_KEY = 'singing-pager.tab';
export const TAB_CHANNEL = 'singing-pager.tab-ids';
/** Same-origin tabs answer within a few ms; this bounds what boot waits. */
export const CLAIM_WAIT_MS = 120;
const TAB_RE = /^[0-9a-f]{6}$/;

type Msg = { type: 'claim'; id: string; nonce: string } | { type: 'taken'; id: string; nonce: string };

export interface TabChannel {
  postMessage(m: Msg): void;
  onmessage: ((e: { data: unknown }) => void) | null;
}

export interface TabIdDeps {
  readonly storage?: Pick<Storage, 'getItem' | 'setItem'> | null;
  readonly channel?: TabChannel | null;
  readonly random?: () => string;
  readonly wait?: (ms: number) => Promise<void>;
}

function randomHex(): string {
  const b = new Uint8Array(3);
  crypto.getRandomValues(b);
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

function isMsg(d: unknown): d is Msg {
  const m = d as Partial<Msg> | null;
  return typeof m === 'object' && m !== null && (m.type === 'claim' || m.type === 'taken') && typeof m.id === 'string' && typeof m.nonce === 'string';
}

function defaults(): Required<TabIdDeps> {
  let storage: TabIdDeps['storage'] = null;
  let channel: TabChannel | null = null;
  try {
    storage = sessionStorage;
  } catch {
    /* storage disabled: a fresh id per load */
  }
  try {
    channel = new BroadcastChannel(TAB_CHANNEL) as unknown as TabChannel;
  } catch {
    /* no BroadcastChannel: duplicates cannot be detected */
  }
  return { storage, channel, random: randomHex, wait: (ms) => new Promise((r) => setTimeout(r, ms)) };
}

/**
 * Resolves to this tab's id once no other tab holds it. The channel stays open so
 * this tab answers later claims (a tab duplicated from it).
 */
export async function claimTabId(deps: TabIdDeps = {}): Promise<string> {
  const d = { ...defaults(), ...deps };
  const saved = safeGet(d.storage);
  const reused = saved !== null && TAB_RE.test(saved);
  let id = reused ? saved : d.random();
  if (!d.channel) return remember(d.storage, id);
  const nonce = `${d.random()}${d.random()}`;
  // A fresh random id cannot be held elsewhere: only a kept one (reload, duplicate) asks.
  let holding = !reused;
  let conflict = false;
  d.channel.onmessage = (e) => {
    if (!isMsg(e.data) || e.data.id !== id) return;
    if (e.data.type === 'taken') {
      // An answer to our own claim: another tab holds this id.
      if (e.data.nonce === nonce && !holding) conflict = true;
      return;
    }
    if (e.data.nonce === nonce) return;
    // Two tabs claiming one id at once: the lower nonce keeps it.
    if (holding || e.data.nonce > nonce) d.channel?.postMessage({ type: 'taken', id, nonce: e.data.nonce });
    else conflict = true;
  };
  if (!holding) {
    d.channel.postMessage({ type: 'claim', id, nonce });
    await d.wait(CLAIM_WAIT_MS);
    if (conflict) id = d.random(); // held by another tab: a fresh one cannot be
  }
  holding = true;
  return remember(d.storage, id);
}

function safeGet(s: TabIdDeps['storage']): string | null {
  try {
    return s?.getItem(TAB_KEY) ?? null;
  } catch {
    return null;
  }
}

function remember(s: TabIdDeps['storage'], id: string): string {
  try {
    s?.setItem(TAB_KEY, id);
  } catch {
    /* private mode: the id lasts this load */
  }
  return id;
}
