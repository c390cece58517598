// The quiz: as each alert sounds, name its severity and which alert (or service)
// it was; at the end, the score and how long each took to recognise.
import { useState } from 'react';
import { answerTraining, getTrainingSession } from '../../app/training-control';
import type { SeverityFamily } from '../../domain/events';
import type { QuizResult } from '../../domain/quiz';
import { SEVERITIES, currentQuestion } from '../../domain/quiz';
import { trainingStore } from '../../store/training';
import { useSlice } from '../hooks';
import { clockOf, seconds } from './format';

export function QuizResultView({ r }: { r: QuizResult }) {
  return (
    <div className="quiz-result" data-quiz-score={`${r.points}/${r.maxPoints}`}>
      <p className="quiz-score">
        Score <b>{r.points}</b> / {r.maxPoints} ({r.percent}%)
        {r.meanDetectionMs !== undefined && <> · mean time to recognise {seconds(r.meanDetectionMs)}</>}
      </p>
      <table className="quiz-table">
        <thead>
          <tr>
            <th>at</th>
            <th>it was</th>
            <th>you said</th>
            <th>time</th>
          </tr>
        </thead>
        <tbody>
          {r.questions.map((q) => (
            <tr key={q.question.index} data-question={q.question.index} data-right={`${q.severityRight ? 1 : 0}${q.answerRight ? 1 : 0}`}>
              <td>{clockOf(q.question.atMs)}</td>
              <td>
                <span className={`sev-word sev-${q.question.severity}`}>{q.question.severity}</span> {q.question.answer}
              </td>
              <td>
                {q.given ? (
                  <>
                    <span className={q.severityRight ? 'right' : 'wrong'}>{q.given.severity}</span> <span className={q.answerRight ? 'right' : 'wrong'}>{q.given.answer}</span>
                  </>
                ) : (
                  <span className="wrong">missed</span>
                )}
              </td>
              <td>{q.detectionMs !== undefined ? seconds(q.detectionMs) : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function QuizPanel() {
  const quiz = useSlice(trainingStore, (s) => s.quiz);
  const result = useSlice(trainingStore, (s) => s.result);
  const status = useSlice(trainingStore, (s) => s.status);
  const [severity, setSeverity] = useState<SeverityFamily | null>(null);
  if (!quiz) return null;
  if (result) return <QuizResultView r={result} />;
  const q = currentQuestion(quiz);
  const answered = Object.keys(quiz.given).length;
  const choose = (choice: string) => {
    if (!severity) return;
    answerTraining(severity, choice);
    setSeverity(null);
  };
  return (
    <div className="quiz" data-quiz-open={q ? q.index : 'none'}>
      <p className="quiz-progress">
        {answered} of {quiz.questions.length} answered
      </p>
      {q ? (
        <>
          <p className="quiz-prompt">
            An alert just sounded (question {q.index + 1}). What was it?
          </p>
          <div className="quiz-row" role="group" aria-label="Severity">
            {SEVERITIES.map((s) => (
              <button key={s} type="button" className={`sev-${s}`} aria-pressed={severity === s} onClick={() => setSeverity(s)} data-answer-severity={s}>
                {s}
              </button>
            ))}
          </div>
          <div className="quiz-row" role="group" aria-label={quiz.ask === 'alert' ? 'Which alert' : 'Which service'}>
            {quiz.choices.map((c) => (
              <button key={c} type="button" disabled={!severity} onClick={() => choose(c)} data-answer-choice={c}>
                {c}
              </button>
            ))}
          </div>
          <p className="hint">Severity first, then {quiz.ask === 'alert' ? 'the alert' : 'the service'}.</p>
        </>
      ) : (
        <p className="quiz-prompt waiting">{status === 'ended' ? 'All heard.' : 'Listen… a question appears as each alert sounds.'}</p>
      )}
      {status === 'ended' && (
        <button type="button" onClick={() => getTrainingSession()?.finish()}>
          Score it now
        </button>
      )}
    </div>
  );
}
