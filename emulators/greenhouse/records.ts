/** Compact record types of the emulator state (timestamps are epoch ms, ids integers). */

export type AppStatus = 'in_process' | 'rejected' | 'hired' | 'converted';

export interface Contact {
  value: string;
  type: string;
}

export interface Candidate {
  id: number;
  createdAt: number;
  updatedAt: number;
  lastActivityAt: number;
  firstName: string;
  lastName: string;
  preferredName: string | null;
  company: string | null;
  title: string | null;
  isPrivate: boolean;
  canEmail: boolean;
  /** Seeded contact details are one e-mail and one phone; API writes store full lists in `contacts`. */
  email: string | null;
  phone: string | null;
  contacts?: { emails: Contact[]; phones: Contact[]; addresses: Contact[]; websites: Contact[]; social: string[] };
}

export interface StageVisit {
  stageId: number;
  enteredAt: number;
  exitedAt: number | null;
}

export interface Application {
  id: number;
  candidateId: number;
  jobId: number | null;
  prospect: boolean;
  prospectiveJobIds: number[] | null;
  status: AppStatus;
  stageId: number | null;
  createdAt: number;
  updatedAt: number;
  lastActivityAt: number;
  rejectedAt: number | null;
  rejectionReasonId: number | null;
  rejectedById: number | null;
  rejectionNoteId: number | null;
  sourceId: number | null;
  referrerId: number | null;
  recruiterId: number | null;
  coordinatorId: number | null;
  jobPostId: number | null;
  /** Stage history; absent on seeded applications, whose history is derived from the current stage. */
  history?: StageVisit[];
}

export interface Job {
  id: number;
  name: string;
  requisitionId: string;
  notes: string | null;
  confidential: boolean;
  status: 'open' | 'closed' | 'draft';
  createdAt: number;
  updatedAt: number;
  openedAt: number | null;
  closedAt: number | null;
  departmentId: number;
  officeIds: number[];
  employmentType: string;
}

export interface Stage {
  id: number;
  jobId: number;
  name: string;
  sortOrder: number;
  active: boolean;
  createdAt: number;
  updatedAt: number;
}

export interface Opening {
  id: number;
  jobId: number;
  openingId: string;
  sortOrder: number;
  openedAt: number;
  closedAt: number | null;
  applicationId: number | null;
  closeReasonId: number | null;
  createdAt: number;
  updatedAt: number;
}

export interface JobOwner {
  id: number;
  jobId: number;
  userId: number;
  type: 'hiring_manager' | 'recruiter' | 'coordinator' | 'sourcer';
  responsible: boolean;
  createdAt: number;
}

export interface User {
  id: number;
  firstName: string;
  lastName: string;
  email: string;
  jobTitle: string | null;
  employeeId: string | null;
  siteAdmin: boolean;
  deactivated: boolean;
  departmentIds: number[];
  officeIds: number[];
  createdAt: number;
  updatedAt: number;
}

export interface Named {
  id: number;
  name: string;
  createdAt: number;
  updatedAt: number;
}

export interface Office extends Named {
  location: string;
  parentId: number | null;
}

export interface RejectionReason extends Named {
  typeId: 1 | 2 | 3;
}

export interface AppliedTag {
  id: number;
  candidateId: number;
  tagId: number;
  createdAt: number;
}

export interface Attachment {
  id: number;
  applicationId: number;
  candidateId: number;
  type: string;
  filename: string;
  createdAt: number;
  /** Bytes uploaded through the API (base64 `content`); seeded files are rendered on demand. */
  content?: Buffer;
  contentType?: string;
  sourceUrl?: string;
}

export interface Note {
  id: number;
  candidateId: number;
  applicationId: number | null;
  userId: number | null;
  type: string;
  body: string;
  subject: string | null;
  visibility: 'admin_only_visible' | 'privately_visible' | 'publicly_visible';
  emailFrom: string | null;
  emailTo: string | null;
  emailCc: string[] | null;
  createdAt: number;
}

export interface Offer {
  id: number;
  applicationId: number;
  candidateId: number;
  jobId: number;
  openingId: number | null;
  version: number;
  status: 'Created' | 'Accepted' | 'Rejected' | 'Deprecated';
  startsOn: string | null;
  sentOn: string | null;
  resolvedAt: number | null;
  createdAt: number;
  updatedAt: number;
}

export interface Interview {
  id: number;
  applicationId: number;
  jobId: number;
  stageId: number;
  startsAt: number;
  durationMin: number;
  status: 'scheduled' | 'awaiting_feedback' | 'complete';
  organizerId: number;
  interviewerIds: number[];
  location: string | null;
  createdAt: number;
  updatedAt: number;
}
