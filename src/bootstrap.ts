import type { Config } from './config.js';
import type { Database, Db } from './database.js';
import { openDatabase, type DatabaseTarget, type OpenDatabase } from './platform/db/database.js';
import { migrate } from './platform/db/migrate.js';
import { say } from './platform/log.js';
import { projectPath } from './platform/paths.js';
import { OPERATOR } from './platform/auth/actor.js';
import fs from 'node:fs';
import { purgeAccountsData } from './modules/accounts/index.js';
import { loadCountries } from './modules/countries/index.js';
import { syncSearchConcepts } from './modules/search/index.js';
import { loadReferencePlaces, readAllTheCities, referencePlacesMeta, REFERENCE_SOURCE, type ReferencePlace } from './modules/places/index.js';
import { loadCooperationStory } from './modules/demo/index.js';
import { countPractices, importPractices, type ImportSummary } from './modules/practices/index.js';

export interface Pontes {
  db: Db;
  config: Config;
  database: OpenDatabase<Database>;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** Where the data lives; by default from the configuration (DATABASE_URL or the data folder). */
  target?: DatabaseTarget;
  /** Reference places to load into a new database (tests pass a small fixture). */
  referencePlaces?: () => ReferencePlace[];
  referenceSource?: string;
  /** Where progress and notices go; null for silence (tests). */
  progress?: NodeJS.WriteStream | null;
}

export function targetFromConfig(config: Config): DatabaseTarget {
  return config.databaseUrl !== undefined ? { kind: 'server', url: config.databaseUrl } : { kind: 'embedded', dataDir: config.dataDir };
}

/**
 * Opens Pontes' data the same way for every command: takes the folder lock (embedded), applies
 * migrations, refreshes countries, and loads the reference places the first time a database
 * is opened, so that any command on a new data folder finds a ready catalogue.
 */
export async function openPontes(config: Config, options: OpenOptions = {}): Promise<Pontes> {
  const progress = options.progress === undefined ? process.stderr : options.progress;
  const notice = (message: string) => progress?.write(`${message}\n`);
  const database = await openDatabase<Database>(options.target ?? targetFromConfig(config));
  try {
    const { db } = database;
    const migrations = await migrate(db, projectPath('migrations'));
    if (migrations.applied.length > 0) notice(`Applied migrations: ${migrations.applied.join(', ')}`);
    await loadCountries(db, config.globalSouthRule);
    // Audit-log IP addresses older than PONTES_AUDIT_IP_DAYS are erased at every start (and daily by serve).
    await purgeAccountsData(db, config);
    const concepts = await syncSearchConcepts(db);
    if (concepts.rebuilt && concepts.documents > 0) notice(`The thesaurus changed: recomputed the search postings of ${concepts.documents} practices.`);
    if ((await referencePlacesMeta(db)) === undefined) {
      notice('New database: loading the reference places (once; `pontes places load` reloads them).');
      const places = (options.referencePlaces ?? readAllTheCities)();
      await loadReferencePlaces(db, places, options.referenceSource ?? REFERENCE_SOURCE, progress);
    }
    return { db, config, database, close: () => database.close() };
  } catch (error) {
    await database.close();
    throw error;
  }
}

export const DEMO_FILE = projectPath('demo', 'handbook-practices.jsonl');
export const DEMO_SOURCE = 'ilo-2013-handbook';

/**
 * The handbook's story as demo data, published, for `serve` on a database that holds no
 * practice at all (whatever other commands ran before). PONTES_DEMO=0 turns it off.
 */
export async function loadDemoIfEmpty(pontes: Pontes): Promise<ImportSummary | undefined> {
  if (!pontes.config.demo) return undefined;
  if ((await countPractices(pontes.db)) > 0) return undefined;
  const summary = await importPractices(pontes.db, OPERATOR, fs.readFileSync(DEMO_FILE), { source: DEMO_SOURCE, status: 'published' });
  const story = await loadCooperationStory(pontes.db);
  say(`Loaded the demo: ${summary.added} practices from the ILO handbook (2013), source "${DEMO_SOURCE}", and its cooperation story (${Object.keys(story.events).length} events, ${Object.keys(story.partnerships).length} partnerships, ${Object.keys(story.roadmaps).length} roadmaps) (PONTES_DEMO=0 turns this off).`);
  return summary;
}
