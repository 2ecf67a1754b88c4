/**
 * Holds the live knowledge (content snapshot + matcher index) and replaces it when editors
 * publish: on file changes in development, on POST /admin/content/reload in production.
 * A broken change is reported and ignored; the last good content keeps serving.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { buildKnowledge, thresholdsOf, unbuiltLanguages, type Knowledge } from '../bot/knowledge';
import type { Thresholds } from '../bot/nlu/matcher';
import { ContentLoadError, formatProblem, loadContent } from '../content/load';
import type { Logger } from './logger';

export interface ReloadResult {
  ok: boolean;
  version: string;
  problems?: string[];
}

export class ContentService {
  private knowledge: Knowledge;
  private watcher?: fs.FSWatcher;
  private debounce?: NodeJS.Timeout;

  private constructor(
    private readonly contentDir: string,
    private readonly profileId: string,
    private readonly logger: Logger,
    initial: Knowledge,
  ) {
    this.knowledge = initial;
  }

  /**
   * Load content or throw: the service never starts half-loaded. With a `cacheDir` (DATA_DIR),
   * the matcher's calibrated thresholds are cached keyed by the content version and the matcher
   * code; on a cache hit each language's model is built on first use (cold start, issue 9) and
   * the rest in the background.
   */
  static start(contentDir: string, profileId: string, logger: Logger, cacheDir?: string): ContentService {
    const snapshot = loadContent(contentDir, profileId);
    const cacheFile = cacheDir && path.join(cacheDir, 'matcher-cache.json');
    const key = `${snapshot.version}/${matcherCodeHash()}`;
    const cached = cacheFile ? readCache(cacheFile, key) : undefined;
    const knowledge = buildKnowledge(snapshot, { thresholds: cached });
    if (cacheFile && !cached) writeCache(cacheFile, key, thresholdsOf(knowledge), logger);
    logger.info({ version: knowledge.snapshot.version, entries: knowledge.snapshot.entries.size, lazy: Boolean(cached) }, 'content loaded');
    const service = new ContentService(contentDir, profileId, logger, knowledge);
    if (cached) service.warmUp(knowledge);
    return service;
  }

  /** Builds the remaining language models one by one between requests. */
  private warmUp(knowledge: Knowledge): void {
    const next = (): void => {
      const [language] = unbuiltLanguages(knowledge);
      if (language === undefined || this.knowledge !== knowledge || this.closed) return;
      knowledge.index.models.get(language);
      setTimeout(next, 50).unref();
    };
    setTimeout(next, 200).unref();
  }

  private closed = false;

  current(): Knowledge {
    return this.knowledge;
  }

  reload(): ReloadResult {
    try {
      const next = buildKnowledge(loadContent(this.contentDir, this.profileId));
      this.knowledge = next;
      this.logger.info({ version: next.snapshot.version }, 'content reloaded');
      return { ok: true, version: next.snapshot.version };
    } catch (error) {
      const problems = error instanceof ContentLoadError ? error.problems.map(formatProblem) : [(error as Error).message];
      this.logger.error({ problems }, 'content reload rejected; keeping the last good content');
      return { ok: false, version: this.knowledge.snapshot.version, problems };
    }
  }

  /** Reload on changes below the content folder (development). */
  watch(): void {
    try {
      this.watcher = fs.watch(this.contentDir, { recursive: true }, () => {
        clearTimeout(this.debounce);
        this.debounce = setTimeout(() => this.reload(), 300);
      });
    } catch (error) {
      this.logger.warn({ err: (error as Error).message }, 'content watching not available');
    }
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.debounce);
    this.watcher?.close();
  }
}

/** Changes to the matcher's code invalidate cached thresholds as much as changes to content do. */
function matcherCodeHash(): string {
  const hash = crypto.createHash('sha256');
  try {
    const dir = path.dirname(require.resolve('../bot/nlu/matcher'));
    for (const name of fs.readdirSync(dir).sort()) {
      if (/\.(ts|js)$/.test(name)) hash.update(name).update(fs.readFileSync(path.join(dir, name)));
    }
  } catch {
    hash.update(String(Date.now()));
  }
  return hash.digest('hex').slice(0, 16);
}

function readCache(file: string, key: string): Record<string, Thresholds> | undefined {
  try {
    const data = JSON.parse(fs.readFileSync(file, 'utf8')) as { key?: string; thresholds?: Record<string, Thresholds> };
    return data.key === key && data.thresholds && typeof data.thresholds === 'object' ? data.thresholds : undefined;
  } catch {
    return undefined;
  }
}

function writeCache(file: string, key: string, thresholds: Record<string, Thresholds>, logger: Logger): void {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    fs.writeFileSync(tmp, JSON.stringify({ key, thresholds }), { mode: 0o600 });
    fs.renameSync(tmp, file);
  } catch (error) {
    fs.rmSync(tmp, { force: true });
    logger.warn({ err: (error as Error).name }, 'matcher cache could not be written');
  }
}
