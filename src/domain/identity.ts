// An alert is identified by its explicit id, else by its name plus its labels,
// so a repeat is not a new alert and a resolve ends the right one.

export function labelKey(labels: Readonly<Record<string, string>>): string {
  return Object.keys(labels)
    .sort()
    // Keys are quoted like values: a key holding `="…",` must not read as two labels.
    .map((k) => `${JSON.stringify(k)}=${JSON.stringify(labels[k])}`)
    .join(',');
}

export function alertIdentity(
  name: string,
  labels: Readonly<Record<string, string>>,
  explicitId?: string,
): string {
  if (explicitId !== undefined && explicitId !== '') return `id:${explicitId}`;
  // alertname is the name itself; leaving it out keeps flat and Alertmanager shapes equal.
  const rest: Record<string, string> = {};
  for (const [k, v] of Object.entries(labels)) if (k !== 'alertname') rest[k] = v;
  // The prefixes keep a name-based identity from ever equalling an explicit one.
  return `n:${name}{${labelKey(rest)}}`;
}
