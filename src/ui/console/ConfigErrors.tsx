import { settingsStore } from '../../store/settings';
import { useSlice } from '../hooks';

const LAYER_NAMES = { file: 'config.json', url: 'URL', saved: 'saved settings' } as const;

export function ConfigErrors() {
  const errors = useSlice(settingsStore, (s) => s.configErrors);
  if (errors.length === 0) return null;
  return (
    <div className="config-errors" role="alert">
      <strong>Configuration problems — the console runs with what is valid:</strong>
      <ul>
        {errors.map((e, i) => (
          <li key={i}>
            <code>{e.key}</code> ({LAYER_NAMES[e.layer]}): {e.message}
          </li>
        ))}
      </ul>
    </div>
  );
}
