/** In-memory records of the Lever emulator. Wire shapes are built from these in `serialize.ts`. */

export type AccessRole = 'super admin' | 'admin' | 'team member' | 'limited team member' | 'interviewer';
export type Origin = 'agency' | 'applied' | 'internal' | 'referred' | 'sourced' | 'university';
export const ORIGINS: readonly Origin[] = ['agency', 'applied', 'internal', 'referred', 'sourced', 'university'];
export const PHONE_TYPES = ['other', 'home', 'mobile', 'work', 'skype'] as const;

export interface User {
  id: string;
  name: string;
  username: string;
  email: string;
  accessRole: AccessRole;
  photo: string | null;
  createdAt: number;
  deactivatedAt: number | null;
  externalDirectoryId: string | null;
  jobTitle: string | null;
  managerId: string | null;
}

export interface Stage {
  id: string;
  text: string;
}

export interface ArchiveReason {
  id: string;
  text: string;
  status: 'active' | 'inactive';
  type: 'hired' | 'non-hired';
}

export interface Posting {
  id: string;
  text: string;
  state: 'published' | 'internal' | 'closed' | 'draft' | 'pending' | 'rejected';
  distributionChannels: string[];
  user: string;
  owner: string;
  hiringManager: string | null;
  commitment: string;
  department: string;
  team: string;
  level: string | null;
  location: string;
  allLocations: string[];
  tags: string[];
  country: string;
  followers: string[];
  requisitionCodes: string[];
  confidential: boolean;
  createdAt: number;
  updatedAt: number;
  workplaceType: 'unspecified' | 'onsite' | 'remote' | 'hybrid';
}

export interface Phone {
  type: string;
  value: string;
}

export interface Contact {
  id: string;
  name: string;
  headline: string;
  location: string;
  emails: string[];
  phones: Phone[];
  links: string[];
}

export interface StageChange {
  toStageId: string;
  toStageIndex: number;
  updatedAt: number;
  /** Missing on very old records. */
  userId?: string;
}

export interface Archived {
  reason: string;
  archivedAt: number;
}

export interface Opportunity {
  id: string;
  /** Index of the seeded record its children are generated from; -1 for records created through the API. */
  seq: number;
  /** How far the seeded record had advanced; drives its generated interviews, feedback and offers. */
  seedDepth: number;
  contactId: string;
  stage: string;
  confidential: boolean;
  postingId: string | null;
  applicationId: string | null;
  applicationType: 'posting' | 'user' | 'referral';
  tags: string[];
  sources: string[];
  origin: Origin;
  owner: string | null;
  followers: string[];
  sourcedBy: string | null;
  createdAt: number;
  /** Null on old records never updated since the field was introduced. */
  updatedAt: number | null;
  lastInteractionAt: number;
  lastAdvancedAt: number;
  snoozedUntil: number | null;
  /** Null while it is still the seeded history (regenerated from `seq`, see `LeverState.stageChangesOf`). */
  stageChanges: StageChange[] | null;
  archived: Archived | null;
  opportunityLocation: string | null;
}

export interface DeletedOpportunity {
  id: string;
  applicationId: string | null;
  deletedAt: number;
  deletedBy: string | null;
}

export interface Note {
  id: string;
  value: string;
  user: string;
  stage: string;
  secret: boolean;
  score: number | null;
  createdAt: number;
}

export interface StoredFile {
  id: string;
  name: string;
  ext: string;
  uploadedAt: number;
  size: number;
  contentType: string;
  bytes: Uint8Array;
}

/** What the API added to (or removed from) an opportunity's children. */
export interface OpportunityExtras {
  notes: Note[];
  deletedNoteIds: Set<string>;
  files: StoredFile[];
  resumes: StoredFile[];
}
