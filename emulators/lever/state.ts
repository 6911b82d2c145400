/** The emulator's account: seeded records, indexes, and the mutations the API and admin perform. */
import { compareKeys, type Key } from './pagination.js';
import { uuidFor, uuidIndex } from './prng.js';
import { makeArchiveReasons, makeContact, makeDeleted, makeOpportunity, makePostings, makeStages, makeUsers, seedRefs, type SeedRefs } from './seed.js';
import type { ArchiveReason, Contact, DeletedOpportunity, Opportunity, OpportunityExtras, Posting, Stage, StageChange, User } from './types.js';

export const opportunityKey = (o: Opportunity): Key => [1, o.createdAt, o.id];
export const deletedKey = (d: DeletedOpportunity): Key => [d.deletedAt, d.id];
export const postingKey = (p: Posting): Key => [p.createdAt, p.id];
export const userKey = (u: User): Key => [u.createdAt, u.id];

/** Inserts into an array sorted descending by `keyOf`. */
function insertDesc<T>(items: T[], item: T, keyOf: (t: T) => Key): void {
  const key = keyOf(item);
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareKeys(keyOf(items[mid] as T), key) > 0) lo = mid + 1;
    else hi = mid;
  }
  items.splice(lo, 0, item);
}

const sortDesc = <T>(items: T[], keyOf: (t: T) => Key) => items.sort((a, b) => compareKeys(keyOf(b), keyOf(a)));

export class LeverState {
  readonly users: User[];
  readonly usersById = new Map<string, User>();
  readonly stages: Stage[];
  readonly archiveReasons: ArchiveReason[];
  /** Sorted by createdAt descending. */
  readonly postings: Posting[];
  readonly postingsById = new Map<string, Posting>();
  /**
   * Contacts created or changed since seeding. Seeded contacts are regenerated from the index
   * their id carries, so 100,000 people cost no memory until touched.
   */
  private readonly contactOverrides = new Map<string, Contact>();
  /** Canonical (lower-case) e-mail -> contact id, for contacts in `contactOverrides`. */
  private readonly emailIndex = new Map<string, string>();
  /** Sorted by [createdAt, id] descending: the order `GET /opportunities` pages through. */
  readonly opportunities: Opportunity[] = [];
  readonly opportunitiesById = new Map<string, Opportunity>();
  /** Sorted by [deletedAt, id] descending. */
  readonly deleted: DeletedOpportunity[];
  readonly extras = new Map<string, OpportunityExtras>();
  private counter = 0;
  private readonly refs: SeedRefs;

  constructor(
    readonly seed: number,
    readonly size: number,
  ) {
    this.users = sortDesc(makeUsers(seed, size), userKey).reverse();
    for (const u of this.users) this.usersById.set(u.id, u);
    this.stages = makeStages(seed);
    this.archiveReasons = makeArchiveReasons(seed);
    this.postings = sortDesc(makePostings(seed, size, this.users), postingKey);
    for (const p of this.postings) this.postingsById.set(p.id, p);
    const refs = (this.refs = seedRefs(this.stages, this.archiveReasons, this.users, this.postings));
    let seq = 0;
    for (let i = 0; i < size; i++) {
      const contactId = uuidFor(seed, 'contact', i);
      const count = i % 8 === 5 ? 2 : 1;
      for (let k = 0; k < count; k++) {
        const { seededChanges: _, ...opp } = makeOpportunity(seed, seq++, contactId, refs);
        this.opportunities.push(opp);
      }
    }
    sortDesc(this.opportunities, opportunityKey);
    for (const o of this.opportunities) this.opportunitiesById.set(o.id, o);
    this.deleted = sortDesc(makeDeleted(seed, size, this.users), deletedKey);
  }

  /** A fresh deterministic id for records created through the API. */
  newId(kind: string): string {
    return uuidFor(this.seed, `api:${kind}`, this.counter++);
  }

  get contactCount(): number {
    return this.size + [...this.contactOverrides.keys()].filter((id) => uuidIndex(this.seed, 'contact', id) === null).length;
  }

  contact(id: string): Contact | undefined {
    const changed = this.contactOverrides.get(id);
    if (changed) return changed;
    const index = uuidIndex(this.seed, 'contact', id);
    return index !== null && index < this.size ? makeContact(this.seed, index) : undefined;
  }

  /** The contact, kept from now on so changes to it stick. */
  mutableContact(id: string): Contact | undefined {
    const contact = this.contact(id);
    if (contact && !this.contactOverrides.has(id)) this.contactOverrides.set(id, contact);
    return contact;
  }

  addContact(contact: Contact): void {
    this.contactOverrides.set(contact.id, contact);
    this.indexEmails(contact);
  }

  /** Call after changing a contact's e-mails. */
  indexEmails(contact: Contact): void {
    for (const email of contact.emails) {
      const canonical = email.trim().toLowerCase();
      if (!this.emailIndex.has(canonical)) this.emailIndex.set(canonical, contact.id);
    }
  }

  /** The contact owning an e-mail address (case-insensitive), for dedupe on create. */
  contactByEmail(email: string): Contact | undefined {
    const canonical = email.trim().toLowerCase();
    const owns = (c: Contact | undefined) => c !== undefined && c.emails.some((e) => e.trim().toLowerCase() === canonical);
    const indexed = this.emailIndex.get(canonical);
    const candidate = indexed === undefined ? undefined : this.contact(indexed);
    if (owns(candidate)) return candidate;
    // Seeded addresses end in ".<index>@example.org".
    const match = /\.(\d+)@example\.org$/.exec(canonical);
    const seeded = match ? this.contact(uuidFor(this.seed, 'contact', Number(match[1]))) : undefined;
    return owns(seeded) ? seeded : undefined;
  }

  stageIndex(id: string): number {
    return this.stages.findIndex((s) => s.id === id);
  }

  insertOpportunity(opp: Opportunity): void {
    insertDesc(this.opportunities, opp, opportunityKey);
    this.opportunitiesById.set(opp.id, opp);
  }

  /** Removes an opportunity; it then only shows in `/opportunities/deleted`. */
  deleteOpportunity(id: string, deletedBy: string | null, now: number): DeletedOpportunity | undefined {
    const opp = this.opportunitiesById.get(id);
    if (!opp) return undefined;
    const key = opportunityKey(opp);
    let lo = 0;
    let hi = this.opportunities.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareKeys(opportunityKey(this.opportunities[mid] as Opportunity), key) > 0) lo = mid + 1;
      else hi = mid;
    }
    if (this.opportunities[lo] === opp) this.opportunities.splice(lo, 1);
    this.opportunitiesById.delete(id);
    this.extras.delete(id);
    const record: DeletedOpportunity = { id, applicationId: opp.applicationId, deletedAt: now, deletedBy };
    insertDesc(this.deleted, record, deletedKey);
    return record;
  }

  /** The stage history a seeded opportunity was generated with (empty for API-created ones). */
  seededStageChanges(opp: Opportunity): StageChange[] {
    return opp.seq < 0 ? [] : makeOpportunity(this.seed, opp.seq, opp.contactId, this.refs).seededChanges;
  }

  stageChangesOf(opp: Opportunity): StageChange[] {
    return opp.stageChanges ?? this.seededStageChanges(opp);
  }

  addStageChange(opp: Opportunity, change: StageChange): void {
    opp.stageChanges = [...this.stageChangesOf(opp), change];
  }

  /** Marks an opportunity updated; `updatedAt` strictly increases even within one millisecond. */
  touch(opp: Opportunity, now: number): void {
    opp.updatedAt = Math.max(now, (opp.updatedAt ?? 0) + 1);
    opp.lastInteractionAt = Math.max(opp.lastInteractionAt, opp.updatedAt);
  }

  extrasOf(oppId: string): OpportunityExtras {
    let extras = this.extras.get(oppId);
    if (!extras) {
      extras = { notes: [], deletedNoteIds: new Set(), files: [], resumes: [] };
      this.extras.set(oppId, extras);
    }
    return extras;
  }

  /** The user writes are attributed to when no `perform_as` is given: the account's super admin. */
  get accountOwner(): User {
    const owner = this.users.find((u) => u.accessRole === 'super admin') ?? this.users[0];
    if (!owner) throw new Error('no users');
    return owner;
  }
}
