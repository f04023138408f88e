/**
 * A bounded memo for per-word work. Text is Zipfian, so most words repeat; two generations keep
 * the words still in use when the cache fills, instead of forgetting everything at once.
 */
export class RecentCache<V extends {} | null> {
  private current = new Map<string, V>();
  private previous = new Map<string, V>();

  constructor(private readonly size: number) {}

  /**
   * The remembered value, else `compute(key, context)`. A context argument instead of a closure:
   * a closure made per call is an allocation per word, and words come by the million. Values are
   * never undefined, so one `get` tells a miss: no `has` after it.
   */
  get<C>(key: string, compute: (key: string, context: C) => V, context?: C): V {
    let value = this.current.get(key);
    if (value !== undefined) return value;
    value = this.previous.get(key);
    if (value === undefined) value = compute(key, context as C);
    if (this.current.size >= this.size) {
      this.previous = this.current;
      this.current = new Map();
    }
    this.current.set(key, value);
    return value;
  }

  clear(): void {
    this.current.clear();
    this.previous.clear();
  }
}
