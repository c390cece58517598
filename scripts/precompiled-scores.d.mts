// Types for precompiled-scores.mjs (imported by vite.config.ts, vitest.config.ts and a test).
import type { Plugin } from 'vite';

export function scoreLiteral(v: unknown): string;
export function compiledScoreModule(text: string, file: string, root?: string): Promise<string>;
export function precompiledScores(): Plugin;
