import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { busyTimeoutMs } from '../../src/store/busy-timeout.js';

describe('busyTimeoutMs', () => {
  it('is 10 s unless EARSHOT_BUSY_TIMEOUT gives seconds, fractions and 0 included', () => {
    expect(busyTimeoutMs({})).toBe(10_000);
    expect(busyTimeoutMs({ EARSHOT_BUSY_TIMEOUT: '' })).toBe(10_000);
    expect(busyTimeoutMs({ EARSHOT_BUSY_TIMEOUT: '90' })).toBe(90_000);
    expect(busyTimeoutMs({ EARSHOT_BUSY_TIMEOUT: '1.5' })).toBe(1_500);
    expect(busyTimeoutMs({ EARSHOT_BUSY_TIMEOUT: '0' })).toBe(0);
  });

  it.each(['ten', '-1', '10s', '1e3', '86401'])('refuses %j in one line, naming the variable', (value) => {
    expect(() => busyTimeoutMs({ EARSHOT_BUSY_TIMEOUT: value })).toThrow(UsageError);
    expect(() => busyTimeoutMs({ EARSHOT_BUSY_TIMEOUT: value })).toThrow(/^EARSHOT_BUSY_TIMEOUT: expected the seconds to wait/);
  });
});
