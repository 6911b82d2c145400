/** Word lists for the sandbox generator. Data only. */

export const FIRST_NAMES = [
  'Olivia', 'Liam', 'Emma', 'Noah', 'Amelia', 'Oliver', 'Sophia', 'Elijah', 'Charlotte', 'James',
  'Ava', 'Lucas', 'Mia', 'Mateo', 'Isabella', 'Ethan', 'Harper', 'Benjamin', 'Evelyn', 'Leo',
  'Aisha', 'Omar', 'Fatima', 'Yusuf', 'Layla', 'Hamza', 'Priya', 'Arjun', 'Ananya', 'Rohan',
  'Mei', 'Wei', 'Yuki', 'Haruto', 'Sakura', 'Min-jun', 'Ji-woo', 'Thanh', 'Linh', 'Siddharth',
  'Sofía', 'Diego', 'Valentina', 'Santiago', 'Camila', 'Joaquín', 'Lucía', 'Mariana', 'Gabriel', 'Ana',
  'Zoë', 'Chloé', 'Léa', 'Hugo', 'Louis', 'Jonas', 'Lena', 'Felix', 'Hannah', 'Lukas',
  'Freya', 'Astrid', 'Erik', 'Ingrid', 'Nils', 'Agnieszka', 'Piotr', 'Katarzyna', 'Tomasz', 'Ola',
  'Chidi', 'Ngozi', 'Kwame', 'Amara', 'Tendai', 'Zanele', 'Kofi', 'Adaeze', 'Sean', 'Niamh',
  'Daniel', 'Grace', 'Samuel', 'Theo', 'David', 'Nora', 'Isaac', 'Ruby', 'Marcus', 'Elena',
] as const;

export const LAST_NAMES = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez',
  'Hernández', 'López', 'González', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin',
  'Lee', 'Pérez', 'Thompson', 'White', 'Harris', 'Sánchez', 'Clark', 'Ramírez', 'Lewis', 'Robinson',
  'Patel', 'Sharma', 'Gupta', 'Iyer', 'Reddy', 'Khan', 'Ahmed', 'Hassan', 'Haddad', 'Nasser',
  'Chen', 'Wang', 'Li', 'Zhang', 'Liu', 'Tanaka', 'Suzuki', 'Sato', 'Kim', 'Park',
  'Nguyen', 'Tran', 'Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Becker', 'Dubois', 'Lefèvre',
  'Moreau', 'Rossi', 'Russo', 'Bianchi', 'Novak', 'Kowalski', 'Nowak', 'Andersson', 'Johansson', 'Nielsen',
  'Okafor', 'Adeyemi', 'Mensah', 'Dlamini', 'Mwangi', "O'Brien", 'Murphy', 'Kelly', 'Walsh', 'Byrne',
  'Silva', 'Santos', 'Oliveira', 'Costa', 'Ferreira', 'van der Berg', 'de Vries', 'Jansen', 'Horvat', 'Popescu',
] as const;

/** Companies candidates currently work at. Fictional. */
export const COMPANIES = [
  'Northwind Traders', 'Contoso Ltd', 'Fabrikam', 'Initech', 'Globex', 'Umbrella Analytics', 'Hooli',
  'Pied Piper', 'Stark Industries', 'Wayne Enterprises', 'Acme Corp', 'Vandelay Industries', 'Soylent Systems',
  'Cyberdyne', 'Tyrell Corp', 'Massive Dynamic', 'Aperture Labs', 'Blue Sun', 'Oscorp', 'Wonka Industries',
  'Gringotts Fintech', 'Dunder Mifflin', 'Prestige Worldwide', 'Bluth Company', 'Sterling Cooper',
  'Monarch Solutions', 'Nakatomi Trading', 'Zorg Industries', 'Veridian Dynamics', 'Hyperion Cloud',
  'Quantum Leap Software', 'Brightline Health', 'Lumen Logistics', 'Evergreen Retail', 'Atlas Payments',
  'Nimbus Data', 'Redwood Robotics', 'Beacon Security', 'Solstice Energy', 'Harbor Freight Tech',
] as const;

export interface City {
  city: string;
  state: string | null;
  country: string;
  countryName: string;
  /** Dialling prefix for phone numbers, e.g. "+1 415". */
  dial: string;
  currency: string;
  /** Salary multiplier from the USD baseline into the local currency. */
  salaryFactor: number;
}

const c = (city: string, state: string | null, country: string, countryName: string, dial: string, currency: string, salaryFactor: number): City => ({
  city, state, country, countryName, dial, currency, salaryFactor,
});

export const CITIES: readonly City[] = [
  c('San Francisco', 'CA', 'US', 'United States', '+1 415', 'USD', 1.1),
  c('New York', 'NY', 'US', 'United States', '+1 212', 'USD', 1.1),
  c('Austin', 'TX', 'US', 'United States', '+1 512', 'USD', 0.95),
  c('Seattle', 'WA', 'US', 'United States', '+1 206', 'USD', 1.05),
  c('Chicago', 'IL', 'US', 'United States', '+1 312', 'USD', 0.95),
  c('Boston', 'MA', 'US', 'United States', '+1 617', 'USD', 1),
  c('Denver', 'CO', 'US', 'United States', '+1 303', 'USD', 0.9),
  c('Toronto', 'ON', 'CA', 'Canada', '+1 416', 'CAD', 1.15),
  c('Vancouver', 'BC', 'CA', 'Canada', '+1 604', 'CAD', 1.15),
  c('London', null, 'GB', 'United Kingdom', '+44 20', 'GBP', 0.6),
  c('Manchester', null, 'GB', 'United Kingdom', '+44 161', 'GBP', 0.5),
  c('Edinburgh', null, 'GB', 'United Kingdom', '+44 131', 'GBP', 0.5),
  c('Dublin', null, 'IE', 'Ireland', '+353 1', 'EUR', 0.7),
  c('Berlin', null, 'DE', 'Germany', '+49 30', 'EUR', 0.6),
  c('Munich', null, 'DE', 'Germany', '+49 89', 'EUR', 0.65),
  c('Hamburg', null, 'DE', 'Germany', '+49 40', 'EUR', 0.6),
  c('Paris', null, 'FR', 'France', '+33 1', 'EUR', 0.55),
  c('Lyon', null, 'FR', 'France', '+33 4', 'EUR', 0.5),
  c('Amsterdam', null, 'NL', 'Netherlands', '+31 20', 'EUR', 0.6),
  c('Madrid', null, 'ES', 'Spain', '+34 91', 'EUR', 0.45),
  c('Barcelona', null, 'ES', 'Spain', '+34 93', 'EUR', 0.45),
  c('Lisbon', null, 'PT', 'Portugal', '+351 21', 'EUR', 0.4),
  c('Stockholm', null, 'SE', 'Sweden', '+46 8', 'SEK', 6.5),
  c('Copenhagen', null, 'DK', 'Denmark', '+45 3', 'DKK', 4.8),
  c('Warsaw', null, 'PL', 'Poland', '+48 22', 'PLN', 1.8),
  c('Zurich', null, 'CH', 'Switzerland', '+41 44', 'CHF', 0.9),
  c('Sydney', 'NSW', 'AU', 'Australia', '+61 2', 'AUD', 1.3),
  c('Melbourne', 'VIC', 'AU', 'Australia', '+61 3', 'AUD', 1.25),
  c('Singapore', null, 'SG', 'Singapore', '+65 6', 'SGD', 1.1),
  c('Bangalore', 'KA', 'IN', 'India', '+91 80', 'INR', 25),
  c('Tokyo', null, 'JP', 'Japan', '+81 3', 'JPY', 90),
  c('São Paulo', 'SP', 'BR', 'Brazil', '+55 11', 'BRL', 2),
  c('Mexico City', 'CDMX', 'MX', 'Mexico', '+52 55', 'MXN', 7),
];

export interface Department {
  name: string;
  code: string;
  category: string;
  /** Yearly base salary in USD for a mid-level role. */
  baseSalary: number;
  titles: readonly string[];
}

export const DEPARTMENTS: readonly Department[] = [
  { name: 'Engineering', code: 'ENG', category: 'Software Development', baseSalary: 145_000, titles: ['Software Engineer', 'Backend Engineer', 'Frontend Engineer', 'Full Stack Engineer', 'Site Reliability Engineer', 'Mobile Engineer', 'Security Engineer', 'QA Engineer', 'Engineering Manager'] },
  { name: 'Data', code: 'DAT', category: 'Data & Analytics', baseSalary: 135_000, titles: ['Data Scientist', 'Data Engineer', 'Data Analyst', 'Machine Learning Engineer', 'Analytics Engineer'] },
  { name: 'Product', code: 'PRD', category: 'Product Management', baseSalary: 140_000, titles: ['Product Manager', 'Technical Product Manager', 'Product Operations Manager'] },
  { name: 'Design', code: 'DES', category: 'Design', baseSalary: 120_000, titles: ['Product Designer', 'UX Researcher', 'Brand Designer', 'Content Designer'] },
  { name: 'Sales', code: 'SLS', category: 'Sales & Business Development', baseSalary: 95_000, titles: ['Account Executive', 'Sales Development Representative', 'Solutions Engineer', 'Sales Manager', 'Partnerships Manager'] },
  { name: 'Marketing', code: 'MKT', category: 'Marketing', baseSalary: 100_000, titles: ['Product Marketing Manager', 'Content Marketing Manager', 'Growth Marketer', 'Marketing Operations Specialist', 'SEO Specialist'] },
  { name: 'Customer Success', code: 'CSM', category: 'Customer Service', baseSalary: 78_000, titles: ['Customer Success Manager', 'Support Engineer', 'Implementation Specialist', 'Technical Account Manager'] },
  { name: 'Finance', code: 'FIN', category: 'Finance & Accounting', baseSalary: 105_000, titles: ['Financial Analyst', 'Accountant', 'Controller', 'FP&A Manager', 'Payroll Specialist'] },
  { name: 'People', code: 'PPL', category: 'Human Resources', baseSalary: 88_000, titles: ['Recruiter', 'Technical Recruiter', 'People Partner', 'Talent Acquisition Coordinator', 'Learning & Development Manager'] },
  { name: 'Operations', code: 'OPS', category: 'Operations', baseSalary: 85_000, titles: ['Operations Manager', 'Business Operations Analyst', 'Office Manager', 'Procurement Specialist'] },
  { name: 'Legal', code: 'LGL', category: 'Legal', baseSalary: 150_000, titles: ['Legal Counsel', 'Privacy Counsel', 'Paralegal', 'Compliance Manager'] },
];

export const TAG_NAMES = [
  'Top talent', 'Referral', 'Relocation needed', 'Visa sponsorship', 'Silver medalist',
  'Former employee', 'Passive candidate', 'University graduate', 'Remote only', 'Needs follow-up',
  'Bilingual', 'Open source contributor', 'Event: Tech Summit 2025', 'Agency submitted', 'Do not contact',
] as const;

export const REJECTION_REASON_NAMES = [
  'Not qualified', 'Insufficient experience', 'Withdrew', 'Position filled',
  'Compensation expectations', 'Failed technical assessment', 'No response from candidate', 'Declined offer',
] as const;

export const CANDIDATE_SOURCES: readonly (readonly [string, number])[] = [
  ['LinkedIn', 30], ['Career Site', 25], ['Referral', 14], ['Indeed', 10], ['Sourced', 8],
  ['Agency', 5], ['Glassdoor', 4], ['Event', 2], ['Wellfound', 2],
];

export const PERSONAL_EMAIL_DOMAINS = ['example.com', 'example.net', 'example.org', 'mail.example'] as const;

export const LANGUAGES = ['English', 'Spanish', 'German', 'French', 'Portuguese', 'Mandarin', 'Hindi', 'Japanese'] as const;

export const MOTIVATIONS = [
  'I have followed your product for years and would love to help shape where it goes next.',
  'The role is a great match for my experience and I am excited about the team.',
  'I am looking for a mission-driven company where I can grow and take on more ownership.',
  'A friend on the team recommended it and the problems you are solving sound fascinating.',
  'I want to work on products at scale with a strong engineering culture.',
  'Your focus on customers and craft resonates with how I like to work.',
] as const;

export const DUTIES = [
  'Own {area} projects end to end, from discovery to launch',
  'Partner closely with cross-functional teams across {department}',
  'Define and track the metrics that matter for {area}',
  'Mentor teammates and raise the bar for quality',
  'Turn ambiguous problems into clear, prioritised plans',
  'Communicate progress and trade-offs to stakeholders',
  'Continuously improve our tools, processes and documentation',
  'Represent {department} in planning and hiring',
] as const;

export const REQUIREMENTS = [
  '{years}+ years of experience in a similar role',
  'Excellent written and verbal communication in English',
  'A track record of shipping work that customers love',
  'Comfort working autonomously in a fast-moving environment',
  'Experience collaborating with distributed teams',
  'Strong analytical and problem-solving skills',
  'Curiosity and a willingness to learn new domains',
] as const;

export const BENEFITS = [
  'Competitive salary and equity',
  'Flexible working hours and remote-friendly culture',
  'Private health, dental and vision insurance',
  '30 days of paid vacation',
  'Yearly learning and development budget',
  'Parental leave and family support',
  'Home office setup allowance',
] as const;
