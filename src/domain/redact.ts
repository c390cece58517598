// Credentials in a configured URL (wss://user:secret@host) are used to connect and
// nowhere else: what is shown, logged or shared says user:***@ instead.
export function redactUrl(raw: string): string {
  return raw.replace(/^([a-z][a-z0-9+.-]*:\/\/)([^/?#@]*)@/i, (_, scheme: string, info: string) => `${scheme}${info.includes(':') ? `${info.split(':')[0]}:***` : '***'}@`);
}

/** Redacts every URL inside a message (errors often quote the URL they failed on). */
export function redactText(text: string): string {
  return text.replace(/\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>]+/gi, (u) => redactUrl(u));
}

/** The URL with its user and password removed (for links that are shared). */
export function withoutCredentials(raw: string): string {
  return raw.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#@]*@/i, '$1');
}
