/** Word lists for realistic MSP seed data. */
export const COMPANY_STEMS = [
  'Acme',
  'Northwind',
  'Contoso',
  'Fabrikam',
  'Blue Ridge',
  'Harbor',
  'Summit',
  'Pinecrest',
  'Lakeside',
  'Redwood',
  'Granite',
  'Silver Oak',
  'Maple Leaf',
  'Iron Bridge',
  'Evergreen',
  'Cedar Point',
  'Brightwater',
  'Stonegate',
  'Riverbend',
  'Oakmont',
] as const;

export const COMPANY_KINDS = [
  'Dental',
  'Law Group',
  'Manufacturing',
  'Logistics',
  'Accounting',
  'Medical Clinic',
  'Realty',
  'Construction',
  'Insurance',
  'Veterinary Hospital',
  'Architects',
  'Credit Union',
  'School District',
  'Hotel Group',
  'Brewing Co.',
] as const;

export const FIRST_NAMES = [
  'Olivia',
  'Liam',
  'Emma',
  'Noah',
  'Ava',
  'Ethan',
  'Sophia',
  'Mason',
  'Isabella',
  'Lucas',
  'Mia',
  'James',
  'Amelia',
  'Benjamin',
  'Harper',
  'Elijah',
  'Priya',
  'Mateo',
  'Chen',
  'Fatima',
] as const;

export const LAST_NAMES = [
  'Smith',
  'Johnson',
  'Williams',
  'Brown',
  'Jones',
  'Garcia',
  'Miller',
  'Davis',
  'Martinez',
  'Lopez',
  'Wilson',
  'Anderson',
  'Thomas',
  'Taylor',
  'Moore',
  'Patel',
  'Nguyen',
  'Kim',
  'Okafor',
  'Schmidt',
] as const;

export const JOB_TITLES = [
  'Office Manager',
  'Owner',
  'CFO',
  'IT Coordinator',
  'Practice Manager',
  'Operations Director',
  'Receptionist',
  'Controller',
  'Partner',
  'Facilities Lead',
] as const;

export const CITIES = [
  { city: 'Denver', region: 'Colorado', postal: '80202' },
  { city: 'Austin', region: 'Texas', postal: '78701' },
  { city: 'Portland', region: 'Oregon', postal: '97204' },
  { city: 'Columbus', region: 'Ohio', postal: '43215' },
  { city: 'Raleigh', region: 'North Carolina', postal: '27601' },
  { city: 'Madison', region: 'Wisconsin', postal: '53703' },
  { city: 'Tampa', region: 'Florida', postal: '33602' },
  { city: 'Boise', region: 'Idaho', postal: '83702' },
] as const;

export const STREETS = [
  'Main St',
  'Oak Ave',
  'Market St',
  'Industrial Pkwy',
  'Commerce Dr',
  'Elm St',
  'Park Blvd',
] as const;

/** Configuration kinds: type name, hostname tag, manufacturer and operating system. */
export const DEVICE_KINDS = [
  { type: 'Managed Workstation', tag: 'WS', maker: 'Dell', os: 'Windows 11 Pro' },
  { type: 'Managed Workstation', tag: 'LT', maker: 'Lenovo', os: 'Windows 11 Pro' },
  { type: 'Managed Server', tag: 'SRV', maker: 'HP', os: 'Windows Server 2022' },
  { type: 'Firewall', tag: 'FW', maker: 'Fortinet', os: null },
  { type: 'Network Device', tag: 'SW', maker: 'Ubiquiti', os: null },
  { type: 'Printer', tag: 'PRN', maker: 'HP', os: null },
  { type: 'Virtual Machine', tag: 'VM', maker: null, os: 'Ubuntu 22.04' },
] as const;

/** Password name, category, username and url template ({domain}). */
export const PASSWORD_KINDS = [
  { name: 'Domain Administrator', category: 'Active Directory', username: 'administrator', url: null },
  {
    name: 'Microsoft 365 Global Admin',
    category: 'Cloud',
    username: 'admin@{domain}',
    url: 'https://admin.microsoft.com',
  },
  { name: 'Firewall Admin', category: 'Network Device', username: 'admin', url: 'https://10.0.0.1:4443' },
  { name: 'Guest Wi-Fi', category: 'Network Device', username: null, url: null },
  {
    name: 'Backup Portal',
    category: 'Vendor Portal',
    username: 'backup@{domain}',
    url: 'https://backup.example.net',
  },
  { name: 'Accounting App', category: 'Application', username: 'finance', url: 'https://books.example.com' },
  { name: 'Shared Mailbox', category: 'Email', username: 'info@{domain}', url: 'https://outlook.office.com' },
] as const;

export const PSA_TYPES = ['manage', 'autotask'] as const;

/** Region ids of the seed's states (countries and regions are not emulated; these ids are stable, not IT Glue's). */
export const REGION_IDS: Readonly<Record<string, number>> = {
  Colorado: 6,
  Florida: 10,
  Idaho: 13,
  'North Carolina': 34,
  Ohio: 36,
  Oregon: 38,
  Texas: 44,
  Wisconsin: 50,
};

/** United States, as numbered in the docs' `GET /countries` example. */
export const UNITED_STATES_ID = 2;
