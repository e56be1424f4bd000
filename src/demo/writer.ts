/**
 * Keeps the demo's sandbox portal lively: every few seconds one write through the sandbox's
 * control API (create, update, archive or associate), so changes flow into Postgres and
 * notifications arrive while the user watches.
 */
import type { SandboxControl } from '../sandbox/index.js';
import { coerceError } from '../config/index.js';

export interface DemoWrite {
  action: 'create' | 'update' | 'archive' | 'associate';
  type: string;
  id: string;
  detail: string;
}

const FIRST = ['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Ken', 'Frances', 'Donald'];
const LAST = ['Lovelace', 'Hopper', 'Turing', 'Dijkstra', 'Liskov', 'Thompson', 'Allen', 'Knuth'];
const TITLES = ['Engineer', 'Director', 'Analyst', 'Founder', 'Consultant', 'Designer'];
const STAGES = ['appointmentscheduled', 'qualifiedtobuy', 'contractsent', 'closedwon'];

const pick = <T>(list: readonly T[], random: () => number): T =>
  list[Math.floor(random() * list.length)]!;

/** A few live ids of `type` (the first page), to pick from. */
function someIds(control: SandboxControl, type: string): string[] {
  return control.list(type, { limit: 100 }).results.map((r) => r.id);
}

/** One random write; the mix leans to creates and updates so the portal grows a little. */
export function writeOnce(control: SandboxControl, random: () => number = Math.random): DemoWrite {
  const roll = random();
  if (roll < 0.3) {
    const first = pick(FIRST, random);
    const last = pick(LAST, random);
    const email = `${first}.${last}.${Math.floor(random() * 1e6)}@example.com`.toLowerCase();
    const created = control.create('contacts', { firstname: first, lastname: last, email });
    return { action: 'create', type: 'contacts', id: created.id, detail: `${first} ${last}` };
  }
  if (roll < 0.6) {
    const id = pick(someIds(control, 'contacts'), random);
    const jobtitle = pick(TITLES, random);
    control.update('contacts', id, { jobtitle });
    return { action: 'update', type: 'contacts', id, detail: `jobtitle = ${jobtitle}` };
  }
  if (roll < 0.8) {
    const id = pick(someIds(control, 'deals'), random);
    const dealstage = pick(STAGES, random);
    const amount = String(Math.round(random() * 50_000));
    control.update('deals', id, { dealstage, amount });
    return { action: 'update', type: 'deals', id, detail: `${dealstage}, amount ${amount}` };
  }
  if (roll < 0.9) {
    const contact = pick(someIds(control, 'contacts'), random);
    const company = pick(someIds(control, 'companies'), random);
    control.associate('contacts', contact, 'companies', company);
    return {
      action: 'associate',
      type: 'contacts',
      id: contact,
      detail: `with company ${company}`,
    };
  }
  const id = pick(someIds(control, 'contacts'), random);
  control.archive('contacts', id);
  return { action: 'archive', type: 'contacts', id, detail: 'archived' };
}

/** Writes every `everyMs` until stopped; a failed write is reported and the next one tried. */
export function startDemoWriter(
  control: SandboxControl,
  options: { everyMs: number; onWrite(write: DemoWrite): void; onError(error: Error): void },
): { stop(): void } {
  const timer = setInterval(() => {
    try {
      options.onWrite(writeOnce(control));
    } catch (error) {
      options.onError(coerceError(error));
    }
  }, options.everyMs);
  return { stop: () => clearInterval(timer) };
}
