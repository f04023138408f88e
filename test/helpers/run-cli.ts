import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BIN = fileURLToPath(new URL('../../bin/earshot.js', import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunCliInput {
  cwd?: string;
  env?: Record<string, string | undefined>;
  /** Standard input: text as UTF-8, or bytes as they are (another encoding). */
  input?: string | Buffer;
}

/** Runs the built CLI as a user would: a real process, colour off unless a test asks for it. */
export function runCli(args: string[], input: RunCliInput = {}): Promise<CliResult> {
  return runScript(BIN, args, input);
}

/** Runs a Node script (the CLI, an evaluation script) as its own process, collecting its output. */
export function runScript(script: string, args: string[], { cwd = ROOT, env = {}, input }: RunCliInput = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], {
      cwd,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1', ...env } as NodeJS.ProcessEnv,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

/** `list --format json` rows without their ages: ages count from the clock, which may pass a minute between two runs. */
export function agelessRows(json: string): Record<string, unknown>[] {
  return (JSON.parse(json) as Record<string, unknown>[]).map(({ age_minutes: _age, ...rest }) => rest);
}
