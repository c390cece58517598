// Modules made at build time by scripts/precompiled-scores.ts (see there).
declare module '*.yaml?score' {
  /** The YAML as written (what the score editor shows). */
  export const text: string;
  /** The compiled score, checked at build time; fresh objects on each call. */
  export function score(): import('../domain/score/types').Score;
}

declare module 'virtual:deployed-score' {
  /** public/score.yaml as built, or null when it was missing or did not parse. */
  const deployed: { readonly text: string; score(): import('../domain/score/types').Score } | null;
  export default deployed;
}
