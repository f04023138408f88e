import { expect, it } from 'vitest';
import { hintTerminalInput } from '../../src/cli/output.js';

it('says where input is awaited when standard input is a terminal, and nothing on a pipe or a file', () => {
  const lines: string[] = [];
  hintTerminalInput('JSONL lines', { isTTY: true }, (line) => lines.push(line));
  hintTerminalInput('JSONL lines', { isTTY: false }, (line) => lines.push(line));
  hintTerminalInput('JSONL lines', {}, (line) => lines.push(line));
  expect(lines).toEqual(['earshot: reading JSONL lines from the terminal; end with Ctrl-D, or give a file or a pipe\n']);
});
