import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SERVER_NODE_FLAGS } from '../../bench/lib/server-proc';

describe('the bench runs the server as npm start does', () => {
  it('gives Node the same flags', () => {
    const start = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { scripts: { start: string } }).scripts.start;
    const flags = start.split(/\s+/).filter((w) => w.startsWith('--'));
    expect(flags).toEqual(SERVER_NODE_FLAGS);
  });
});
