/** A one-line progress bar on stderr, redrawn in place; only on a terminal. */
export interface Progress {
  /** `done` of `total` bytes, and how many posts they held. */
  update(done: number, posts: number): void;
  /** Removes the bar, leaving the line clean for what is printed next. */
  end(): void;
}

export interface ProgressInput {
  label: string;
  total: number;
  stream?: { write(s: string): unknown; columns?: number };
  now?: () => number;
}

const REDRAW_MS = 100;
const NO_PROGRESS: Progress = { update() {}, end() {} };

export function progressBar({ label, total, stream = process.stderr, now = () => performance.now() }: ProgressInput): Progress {
  const started = now();
  let last = -Infinity;
  let drawn = false;
  return {
    update(done, posts) {
      const t = now();
      if (t - last < REDRAW_MS && done < total) return;
      last = t;
      drawn = true;
      stream.write(`\r\x1b[K${progressLine(label, done, total, posts, (t - started) / 1000, stream.columns ?? 80)}`);
    },
    end() {
      if (drawn) stream.write('\r\x1b[K');
    },
  };
}

/** The bar only when stderr is a terminal and the user did not ask for quiet. */
export function progressFor(input: ProgressInput & { quiet?: boolean }): Progress {
  const stream = input.stream ?? process.stderr;
  const tty = 'isTTY' in stream && (stream as { isTTY?: boolean }).isTTY;
  return tty && !input.quiet ? progressBar(input) : NO_PROGRESS;
}

/** `posts.jsonl [#####-----]  52%  1.0/2.0 GB  4,210,000 posts  96,000/s  0:11 left`: pure. */
export function progressLine(label: string, done: number, total: number, posts: number, seconds: number, columns: number): string {
  // Standard input: no size to measure against, so no bar and no time left.
  if (total <= 0) return `${label}  ${formatBytes(done)}  ${posts.toLocaleString('en-US')} posts  ${Math.round(seconds > 0 ? posts / seconds : 0).toLocaleString('en-US')}/s`;
  const share = Math.min(1, done / total);
  const rate = seconds > 0 ? posts / seconds : 0;
  const left = share > 0 && share < 1 ? (seconds / share) * (1 - share) : 0;
  const facts = [
    `${Math.floor(share * 100)}%`.padStart(4),
    `${formatBytes(done)}/${formatBytes(total)}`,
    `${posts.toLocaleString('en-US')} posts`,
    `${Math.round(rate).toLocaleString('en-US')}/s`,
    share < 1 ? `${formatDuration(left)} left` : 'done',
  ].join('  ');
  const width = Math.max(10, Math.min(30, columns - label.length - facts.length - 6));
  const filled = Math.round(share * width);
  return `${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${facts}`;
}

function formatBytes(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(1)} GB`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)} MB`;
  return `${Math.round(n / 1e3)} kB`;
}

function formatDuration(seconds: number): string {
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const pad = (x: number) => String(x).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(s % 60)}` : `${m}:${pad(s % 60)}`;
}
