// The stricter policy boot adds: this origin plus the configured sources, nothing else.
import { describe, expect, it } from 'vitest';
import { connectOrigins, connectPolicy } from '../../src/app/csp';

describe('connect policy', () => {
  it('names the origins of the configured URLs, without paths or credentials', () => {
    const origins = connectOrigins(
      { mqtt: 'wss://u:secret@broker.example:8884/mqtt', prometheus: '/prometheus', alertmanager: 'https://am.example/x', pushgateway: 'http://127.0.0.1:9091' },
      ['https://scores.example/a.yaml', 'classic', undefined],
    );
    expect(origins).toEqual(['http://127.0.0.1:9091', 'https://am.example', 'https://scores.example', 'wss://broker.example:8884']);
    expect(connectPolicy(origins)).toBe("connect-src 'self' http://127.0.0.1:9091 https://am.example https://scores.example wss://broker.example:8884");
  });

  it('lets nothing else into the policy', () => {
    expect(connectOrigins({}, ["javascript:alert(1)", "https://x.example; script-src *", 'data:text/plain,x', 'file:///etc'])).toEqual([]);
    expect(connectPolicy([])).toBe("connect-src 'self'");
  });
});
