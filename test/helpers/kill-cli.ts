import { spawn } from 'node:child_process';
import { BIN } from './run-cli.js';

export interface KilledRun {
  /** Exit code when the run finished before it could be killed. */
  code: number | null;
  /** 'SIGKILL' when the kill landed. */
  signal: NodeJS.Signals | null;
  stderr: string;
}

export interface RunUntilKilledInput {
  args: string[];
  cwd: string;
  /** Resolves when it is time to kill; the run may finish first. */
  killWhen: (child: { exited: () => boolean }) => Promise<void>;
}

/** Runs the built CLI and SIGKILLs it when `killWhen` resolves: a crash at an arbitrary point. */
export function runUntilKilled({ args, cwd, killWhen }: RunUntilKilledInput): Promise<KilledRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1' } as NodeJS.ProcessEnv,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let exited = false;
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      exited = true;
      resolve({ code, signal, stderr });
    });
    killWhen({ exited: () => exited }).then(
      () => {
        if (!exited) child.kill('SIGKILL');
      },
      reject,
    );
  });
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
