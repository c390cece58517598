// A score's errors, apart from the parser (yaml + zod) so that showing them costs nothing.

export interface ScoreError {
  /** 1-based; 0 when the error is about the document as a whole. */
  readonly line: number;
  readonly column: number;
  /** e.g. "alerts.routes[0].repeat". */
  readonly field: string;
  readonly message: string;
}

export function formatScoreError(e: ScoreError): string {
  const where = e.line > 0 ? `line ${e.line}` : 'score';
  return e.field ? `${where}, ${e.field}: ${e.message}` : `${where}: ${e.message}`;
}
