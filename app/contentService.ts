/**
 * Holds the live knowledge (content snapshot + matcher index) and replaces it when editors
 * publish: on file changes in development, on POST /admin/content/reload in production.
 * A broken change is reported and ignored; the last good content keeps serving.
 */
import fs from 'node:fs';
import { buildKnowledge, type Knowledge } from '../bot/knowledge';
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

  /** Load content or throw: the service never starts half-loaded. */
  static start(contentDir: string, profileId: string, logger: Logger): ContentService {
    const knowledge = buildKnowledge(loadContent(contentDir, profileId));
    logger.info({ version: knowledge.snapshot.version, entries: knowledge.snapshot.entries.size }, 'content loaded');
    return new ContentService(contentDir, profileId, logger, knowledge);
  }

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
    clearTimeout(this.debounce);
    this.watcher?.close();
  }
}
