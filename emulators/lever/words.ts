/** Word lists for the Lever emulator's generated account. Data only; every name is fictional. */

export const FIRST = [
  'Priya', 'Liam', 'Emma', 'Noah', 'Amara', 'Oliver', 'Sofia', 'Kwame', 'Mei', 'Lucas', 'Aisha', 'Mateo',
  'Hannah', 'Yusuf', 'Freya', 'Arjun', 'Chloe', 'Diego', 'Ingrid', 'Tomasz', 'Ngozi', 'Haruto', 'Elena',
  'Samuel', 'Layla', 'Felix', 'Grace', 'Rohan', 'Zanele', 'Niamh', 'Leo', 'Camila', 'Jonas', 'Ruby', 'Omar',
  'Astrid', 'Chidi', 'Valentina', 'Isaac', 'Lena',
] as const;

export const LAST = [
  'Raman', 'Okafor', 'Nguyen', 'Schmidt', 'Garcia', 'Kowalski', 'Tanaka', 'Murphy', 'Haddad', 'Silva',
  'Andersson', 'Mensah', 'Patel', 'Rossi', 'Dubois', 'Kim', 'Walsh', 'Chen', 'Novak', 'Jansen', 'Moreau',
  'Iyer', 'Dlamini', 'Costa', 'Fischer', 'Byrne', 'Sato', 'Khan', 'Lopez', 'Weber',
] as const;

export const COMPANIES = [
  'Northwind Labs', 'Contoso', 'Fabrikam', 'Initech', 'Globex', 'Hooli', 'Acme Corp', 'Vandelay Industries',
  'Soylent Systems', 'Tyrell Analytics', 'Wonka Foods', 'Cyberdyne', 'Umbrella Health', 'Stark Logistics',
] as const;

export const SCHOOLS = [
  'University of Leeds', 'TU Munich', 'University of Lagos', 'McGill University', 'Universidad de Chile',
  'Kyoto University', 'University of Cape Town', 'ETH Zurich', 'Trinity College Dublin', 'IIT Madras',
] as const;

export const CITIES = [
  ['London', 'GB'], ['Berlin', 'DE'], ['San Francisco', 'US'], ['New York', 'US'], ['Toronto', 'CA'],
  ['Dublin', 'IE'], ['Lisbon', 'PT'], ['Remote - EU', 'DE'], ['Remote - US', 'US'], ['Singapore', 'SG'],
] as const;

export const TEAMS: readonly (readonly [department: string, team: string, roles: readonly string[]])[] = [
  ['Engineering', 'Platform', ['Backend Engineer', 'Site Reliability Engineer', 'Staff Engineer']],
  ['Engineering', 'Product Engineering', ['Frontend Engineer', 'Full Stack Engineer', 'Mobile Engineer']],
  ['Engineering', 'Data', ['Data Engineer', 'Machine Learning Engineer', 'Analytics Engineer']],
  ['Product', 'Product Management', ['Product Manager', 'Group Product Manager']],
  ['Design', 'Product Design', ['Product Designer', 'UX Researcher']],
  ['Sales', 'Account Executives', ['Account Executive', 'Sales Development Representative']],
  ['Customer Success', 'Support', ['Support Specialist', 'Customer Success Manager']],
  ['People', 'Talent', ['Recruiter', 'People Partner']],
  ['Finance', 'Accounting', ['Financial Analyst', 'Accountant']],
];

export const LEVELS = [null, 'Junior', null, 'Senior', 'Lead', null] as const;
export const COMMITMENTS = ['Full-time', 'Full-time', 'Full-time', 'Part-time', 'Contract', 'Internship'] as const;
export const SKILL_TAGS = [
  'Python', 'Go', 'TypeScript', 'Kubernetes', 'SQL', 'Leadership', 'Backend', 'Frontend', 'Referral bonus',
  'Silver medalist', 'Relocation', 'Visa sponsorship', 'Remote only', 'Bilingual',
] as const;
export const SOURCES = ['LinkedIn', 'Indeed', 'Company website', 'Referral', 'AngelList', 'Added manually', 'Job fair', 'Agency'] as const;
export const JOB_TITLES = ['Recruiter', 'Talent Partner', 'Engineering Manager', 'Head of Talent', 'VP Engineering', 'Sales Director', 'Designer'] as const;
export const NOTE_TEXTS = [
  'Strong systems background; move to phone screen.',
  'Left a voicemail, will follow up Thursday.',
  'Candidate prefers hybrid, two days in office.',
  'Compensation expectations are within band.',
  'Great conversation about distributed systems.',
  'Asked to reschedule the onsite to next week.',
  'Portfolio link: https://portfolio.example.org/work',
] as const;

/** ASCII lower-case form of a name part, for e-mail addresses and usernames. */
export function slug(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '');
}
