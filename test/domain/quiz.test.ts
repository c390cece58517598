// The quiz: questions open as their alerts sound, answers go to the oldest open
// question, and a scripted set of answers scores as it should.
import { describe, expect, it } from 'vitest';
import { answer, createQuiz, currentQuestion, isComplete, openAt, score } from '../../src/domain/quiz';
import { parseScenario } from '../../src/domain/scenario';
import type { Scenario } from '../../src/domain/scenario';

const alert = (at: number, name: string, severity: string, service: string) => ({ at, kind: 'alert', name, severity, labels: { service } });
const s = (parseScenario({
  id: 'q',
  title: 'Quiz',
  durationSeconds: 100,
  events: [alert(10, 'DiskFull', 'critical', 'db'), alert(20, 'HighLatency', 'warning', 'api'), alert(20, 'BackupSlow', 'info', 'db'), alert(50, 'ErrorRate', 'warning', 'web')],
  quiz: {
    choices: ['DiskFull', 'HighLatency', 'BackupSlow', 'ErrorRate', 'HighCPU'],
    expected: [
      { at: 50, severity: 'warning', answer: 'ErrorRate' },
      { at: 10, severity: 'critical', answer: 'DiskFull' },
      { at: 20, severity: 'warning', answer: 'HighLatency' },
      { at: 20, severity: 'info', answer: 'BackupSlow' },
    ],
  },
}) as { ok: true; scenario: Scenario }).scenario;

describe('quiz', () => {
  it('orders questions by time and opens them as their alerts sound', () => {
    let q = createQuiz(s)!;
    expect(q.questions.map((x) => x.atMs)).toEqual([10_000, 20_000, 20_000, 50_000]);
    expect(currentQuestion(q)).toBeUndefined();
    expect(answer(q, { severity: 'critical', answer: 'DiskFull', at: 1 })).toBe(q); // nothing open: nothing answered
    q = openAt(q, 10_000, 500);
    expect(currentQuestion(q)?.index).toBe(0);
    q = openAt(q, 10_000, 900); // a repeat does not reopen or move its time
    expect(q.openedAt[0]).toBe(500);
  });

  it('scores a scripted set of answers: points, percent and detection times', () => {
    let q = createQuiz(s)!;
    q = openAt(q, 10_000, 1000);
    q = answer(q, { severity: 'critical', answer: 'DiskFull', at: 2500 }); // both right, 1.5 s
    q = openAt(q, 20_000, 3000); // two open at once
    q = answer(q, { severity: 'critical', answer: 'HighLatency', at: 4000 }); // severity wrong, 1 s
    expect(currentQuestion(q)?.answer).toBe('BackupSlow');
    q = answer(q, { severity: 'info', answer: 'DiskFull', at: 6000 }); // alert wrong, 3 s
    q = openAt(q, 50_000, 9000); // never answered
    expect(isComplete(q)).toBe(false);
    const r = score(q);
    expect(r.points).toBe(4);
    expect(r.maxPoints).toBe(8);
    expect(r.percent).toBe(50);
    expect(r.answered).toBe(3);
    expect(r.questions.map((x) => [x.severityRight, x.answerRight, x.detectionMs])).toEqual([
      [true, true, 1500],
      [false, true, 1000],
      [true, false, 3000],
      [false, false, undefined],
    ]);
    expect(r.meanDetectionMs).toBe(1833);
  });

  it('a scenario without a quiz has none', () => {
    expect(createQuiz({ ...s, quiz: undefined })).toBeNull();
    expect(score({ ask: 'alert', choices: [], questions: [], openedAt: {}, given: {} }).percent).toBe(0);
  });
});
