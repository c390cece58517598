// Credentials in configured URLs are used to connect, never shown, logged or shared.
import { describe, expect, it } from 'vitest';
import { redactText, redactUrl, withoutCredentials } from '../../src/domain/redact';
import { encodeQuery } from '../../src/domain/url-state';
import { connectionsStore, resetConnections, setConnection } from '../../src/store/connections';

describe('credentials in URLs', () => {
  it('are redacted for display and in messages', () => {
    expect(redactUrl('wss://alice:s3cret@broker.example:8884/mqtt')).toBe('wss://alice:***@broker.example:8884/mqtt');
    expect(redactUrl('https://token@prom.example')).toBe('https://***@prom.example');
    expect(redactUrl('ws://127.0.0.1:9001')).toBe('ws://127.0.0.1:9001');
    expect(redactText('cannot connect to wss://a:b@h:1/x: refused')).toBe('cannot connect to wss://a:***@h:1/x: refused');
    expect(withoutCredentials('https://u:p@h/x')).toBe('https://h/x');
  });

  it('never reach the connection pill', () => {
    resetConnections();
    setConnection('mqtt', { status: 'down', attempt: 1, url: 'wss://alice:s3cret@b:1', error: 'cannot connect to wss://alice:s3cret@b:1: nope' });
    expect(JSON.stringify(connectionsStore.getState())).not.toContain('s3cret');
  });

  it('never reach a shared link', () => {
    const q = encodeQuery({ config: { mqtt: 'wss://alice:s3cret@b:1', prometheus: 'https://tok@p', source: 'live', kiosk: false } });
    expect(q).not.toContain('s3cret');
    expect(q).not.toContain('tok');
    expect(new URLSearchParams(q).get('mqtt')).toBe('wss://b:1');
  });
});
