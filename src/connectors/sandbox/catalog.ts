/** The small fixed-size models: roles, tags, rejection reasons, and users. */
import type { HiringTeamRole } from '../../model/common.js';
import type { SourceRejectionReason, SourceRole, SourceRoleRef, SourceTag, SourceUser } from '../source-records.js';
import { FIRST_NAMES, LAST_NAMES, REJECTION_REASON_NAMES, TAG_NAMES } from './names.js';
import { Rng, streamSeed } from './prng.js';
import { COMPANY_EMAIL_DOMAIN, slug } from './shared.js';

export const ROLES: readonly SourceRole[] = [
  { remote_id: 'role-admin', remote_label: 'Admin', scope: 'SYSTEM', unified_type: 'ADMIN' },
  { remote_id: 'role-recruiter', remote_label: 'Recruiter', scope: 'SYSTEM', unified_type: 'RECRUITER' },
  { remote_id: 'role-hiring-manager', remote_label: 'Hiring Manager', scope: 'JOB', unified_type: 'HIRING_MANAGER' },
  { remote_id: 'role-recruiting-partner', remote_label: 'Recruiting Partner', scope: 'JOB', unified_type: 'RECRUITER' },
  { remote_id: 'role-interviewer', remote_label: 'Interviewer', scope: 'JOB', unified_type: 'INTERVIEWER' },
  { remote_id: 'role-coordinator', remote_label: 'Coordinator', scope: 'JOB', unified_type: 'COORDINATOR' },
  { remote_id: 'role-sourcer', remote_label: 'Sourcer', scope: 'JOB', unified_type: 'SOURCER' },
];

export const TAGS: readonly SourceTag[] = TAG_NAMES.map((name, i) => ({ remote_id: `tag-${i + 1}`, name }));

export const REJECTION_REASONS: readonly SourceRejectionReason[] = REJECTION_REASON_NAMES.map((name, i) => ({
  remote_id: `reason-${i + 1}`,
  name,
}));

function roleRef(remoteId: string): SourceRoleRef {
  const role = ROLES.find((r) => r.remote_id === remoteId);
  if (!role) throw new Error(`Unknown sandbox role ${remoteId}`);
  return { remote_id: role.remote_id, remote_label: role.remote_label, scope: role.scope, unified_type: role.unified_type };
}

const JOB_ROLE_FOR: Record<HiringTeamRole, string> = {
  HIRING_MANAGER: 'role-hiring-manager',
  RECRUITER: 'role-recruiting-partner',
  INTERVIEWER: 'role-interviewer',
  COORDINATOR: 'role-coordinator',
  SOURCER: 'role-sourcer',
};

/** The JOB-scoped role matching a hiring-team role. */
export const jobRoleRef = (role: HiringTeamRole): SourceRoleRef => roleRef(JOB_ROLE_FOR[role]);

export const userRemoteId = (index: number): string => `user-${index + 1}`;

/**
 * User `index`. Names are an injective function of the index (for fewer than
 * FIRST_NAMES x LAST_NAMES users), so work emails never collide.
 */
export function generateUser(seed: number, index: number): SourceUser {
  const rng = new Rng(seed, 'user', index);
  const firstOffset = streamSeed(seed, 'user-first-offset', 0) % FIRST_NAMES.length;
  const lastOffset = streamSeed(seed, 'user-last-offset', 0) % LAST_NAMES.length;
  const round = Math.floor(index / FIRST_NAMES.length);
  const firstName = FIRST_NAMES[(index + firstOffset) % FIRST_NAMES.length] ?? 'Alex';
  const lastName = LAST_NAMES[(index + firstOffset + lastOffset + round * 7) % LAST_NAMES.length] ?? 'Smith';

  const roles =
    index === 0
      ? ['role-admin', 'role-recruiter']
      : rng.weighted<string[]>([
          [['role-recruiter'], 65],
          [['role-admin'], 10],
          [['role-admin', 'role-recruiter'], 25],
        ]);
  return {
    remote_id: userRemoteId(index),
    first_name: firstName,
    last_name: lastName,
    email: `${slug(firstName)}.${slug(lastName)}@${COMPANY_EMAIL_DOMAIN}`,
    status: index >= 3 && rng.chance(0.08) ? 'INACTIVE' : 'ACTIVE',
    system_roles: roles.map(roleRef),
  };
}
