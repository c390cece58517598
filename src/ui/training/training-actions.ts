// Training's keys, registered in ../actions.ts like every other action.
import { getTrainingSession, playTraining } from '../../app/training-control';
import { announce } from '../../store/sounds';
import type { Action } from '../actions';
import { showView, viewStore } from '../view';

export const TRAINING_ACTIONS: readonly Action[] = [
  { id: 'training-view', label: 'Training view (replays, quiz) / back to the console', key: 't', run: () => showView(viewStore.getState().view === 'training' ? 'console' : 'training') },
  {
    id: 'replay-play-pause',
    label: 'Training: play / pause the replay',
    key: 'p',
    run: () => {
      const s = getTrainingSession();
      if (!s) return announce('no replay open');
      if (s.player.status() === 'playing') s.pause();
      else void playTraining();
    },
  },
];
