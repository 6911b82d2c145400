/**
 * What a running sync has done so far, for the sync history API and the dashboard: records and
 * pages per model, how often requests were retried and how often the vendor's 429 made us wait,
 * and, once models fail, their errors grouped (ten models failing with the same HTTP 500 are one
 * line, not ten). Saved at most once per `minIntervalMs` while pages arrive, and always when a
 * model ends, so a busy sync does not write a row per page.
 */
export interface ModelProgress {
  records: number;
  pages: number;
  state: 'LISTING' | 'DONE' | 'FAILED';
}

export interface ErrorGroup {
  message: string;
  count: number;
  models: string[];
  /** Our error code when the error was a typed one (`REMOTE.SERVICE_UNAVAILABLE`, …), else null. */
  code: string | null;
  /** When the error first occurred in the run. */
  first_at: string;
}

/** One failure as the engine saw it. */
export interface Failure {
  model: string;
  message: string;
  code: string | null;
  at: string;
}

export interface RunProgress {
  models: Record<string, ModelProgress>;
  retries: number;
  rate_limit_waits: number;
  errors: ErrorGroup[];
}

/** One group per distinct message, in order of first appearance. */
export function groupErrors(failures: readonly Failure[]): ErrorGroup[] {
  const groups: ErrorGroup[] = [];
  for (const { model, message, code, at } of failures) {
    const group = groups.find((g) => g.message === message);
    if (group) {
      group.count++;
      if (!group.models.includes(model)) group.models.push(model);
    } else {
      groups.push({ message, count: 1, models: [model], code, first_at: at });
    }
  }
  return groups;
}

/** The run's `error` text: "users, roles: <message>; offers: <other message>". */
export const describeErrors = (groups: readonly ErrorGroup[]): string => groups.map((g) => `${g.models.join(', ')}: ${g.message}`).join('; ');

export class ProgressTracker {
  private readonly progress: RunProgress = { models: {}, retries: 0, rate_limit_waits: 0, errors: [] };
  private lastSaved = Number.NEGATIVE_INFINITY;
  private saving: Promise<void> = Promise.resolve();

  constructor(
    private readonly save: (json: string) => Promise<void>,
    private readonly minIntervalMs = 1_000,
    private readonly now: () => number = Date.now,
  ) {}

  page(model: string, records: number): Promise<void> {
    const entry = this.entry(model);
    entry.pages++;
    entry.records += records;
    return this.flush(false);
  }

  ended(model: string, state: 'DONE' | 'FAILED'): Promise<void> {
    this.entry(model).state = state;
    return this.flush(true);
  }

  /** A request was retried; `rateLimited` when the vendor answered 429. Saved with the next flush. */
  retried(rateLimited: boolean): void {
    this.progress.retries++;
    if (rateLimited) this.progress.rate_limit_waits++;
  }

  errors(groups: ErrorGroup[]): void {
    this.progress.errors = groups;
  }

  snapshot(): RunProgress {
    return structuredClone(this.progress);
  }

  /** Saves now when forced or when the last save is old enough; saves never overlap. */
  flush(force: boolean): Promise<void> {
    if (!force && this.now() - this.lastSaved < this.minIntervalMs) return this.saving;
    this.lastSaved = this.now();
    const json = JSON.stringify(this.progress);
    this.saving = this.saving.then(() => this.save(json));
    return this.saving;
  }

  private entry(model: string): ModelProgress {
    const existing = this.progress.models[model];
    if (existing) return existing;
    const created: ModelProgress = { records: 0, pages: 0, state: 'LISTING' };
    this.progress.models[model] = created;
    return created;
  }
}
