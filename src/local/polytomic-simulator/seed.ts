// The simulated organisation: a small data team's Polytomic account. Everything here is static;
// timestamps are offsets from the simulator's start and runs are derived from the clock (timeline.ts).

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

export const ORGANIZATION = {
  id: '0a000000-0000-4000-8000-000000000001',
  name: 'Northwind Analytics',
} as const;

export const SEED_USERS = {
  priya: { id: 'a5e00000-0000-4000-8000-000000000001', name: 'Priya Raman', type: 'user' },
  marco: { id: 'a5e00000-0000-4000-8000-000000000002', name: 'Marco Bellini', type: 'user' },
} as const;

/** Fixed ids tests can rely on; names are in the seeds below. */
export const SIMULATOR_IDS = {
  connections: {
    productionPostgres: 'c0ec0000-0000-4000-8000-000000000001',
    stagingPostgres: 'c0ec0000-0000-4000-8000-000000000002',
    snowflake: 'c0ec0000-0000-4000-8000-000000000003',
    salesforce: 'c0ec0000-0000-4000-8000-000000000004',
    hubspot: 'c0ec0000-0000-4000-8000-000000000005',
    bigquery: 'c0ec0000-0000-4000-8000-000000000006',
  },
  syncs: {
    salesforceContactsToHubspot: '5c000000-0000-4000-8000-000000000001',
    snowflakeAccountsToSalesforce: '5c000000-0000-4000-8000-000000000002',
    churnScoresToSalesforce: '5c000000-0000-4000-8000-000000000003',
    productUsageToHubspot: '5c000000-0000-4000-8000-000000000004',
    leadScoresToSalesforce: '5c000000-0000-4000-8000-000000000005',
    webinarAttendeesToHubspot: '5c000000-0000-4000-8000-000000000006',
    ordersToSnowflake: '5c000000-0000-4000-8000-000000000007',
    ordersToSnowflakeBackfill: '5c000000-0000-4000-8000-000000000008',
    openOpportunitiesToBigquery: '5c000000-0000-4000-8000-000000000009',
    accountHealthToSalesforce: '5c000000-0000-4000-8000-00000000000a',
    supportTicketsToSalesforce: '5c000000-0000-4000-8000-00000000000b',
  },
  bulkSyncs: {
    postgresToSnowflake: 'b0000000-0000-4000-8000-000000000001',
    hubspotToBigquery: 'b0000000-0000-4000-8000-000000000002',
    salesforceToSnowflake: 'b0000000-0000-4000-8000-000000000003',
    stagingPostgresToBigquery: 'b0000000-0000-4000-8000-000000000004',
  },
} as const;

const C = SIMULATOR_IDS.connections;
const S = SIMULATOR_IDS.syncs;
const B = SIMULATOR_IDS.bulkSyncs;

export interface ScheduleSeed {
  frequency: string;
  minute: string;
  hour: string;
  day_of_week: string;
  day_of_month: string;
  month: string;
}

/** Scheduled runs start at offsetMs + k * periodMs (epoch-aligned, so "hourly at :15" is honest). */
export interface RunPlan {
  periodMs: number;
  offsetMs: number;
}

export interface SchemaSeed {
  id: string;
  name: string;
  fields: readonly string[];
}

/** A change a completed schema refresh reveals, applied in order one per refresh. */
export type SchemaChange = { add: SchemaSeed } | { remove: string };

export interface ConnectionSeed {
  id: string;
  name: string;
  type: { id: string; name: string; operations: readonly string[] };
  configuration: Record<string, unknown>;
  status: string;
  statusError?: string;
  apiCallsBase: number;
  createdDaysAgo: number;
  schemas: readonly SchemaSeed[];
  schemaChanges: readonly SchemaChange[];
  requiresOneOf: readonly string[];
}

export type ModelSyncBehaviour = 'ok' | 'row-errors' | 'failing';

/**
 * A recurring outage, timed from the simulator's start so the seeded organisation looks the same at any
 * start: runs created inside it fail with `error` (a bulk run only in `schemas`, when given), and the next
 * run after it recovers.
 */
export interface OutageSeed {
  /** When the first outage starts, from the simulator's start (negative: before it). */
  firstStartsInMs: number;
  everyMs: number;
  lastsMs: number;
  error: string;
  /** Bulk only: the tables that fail while the others complete. */
  schemas?: readonly string[];
}

export interface ModelSyncSeed {
  id: string;
  name: string;
  active: boolean;
  mode: string;
  sourceConnectionId: string;
  modelName: string;
  targetConnectionId: string;
  targetObject: string;
  schedule: ScheduleSeed;
  plan?: RunPlan;
  durationMs: number;
  behaviour: ModelSyncBehaviour;
  baseRecords: number;
  fields: ReadonlyArray<readonly [source: string, target: string]>;
  createdDaysAgo: number;
  updatedMinutesAgo: number;
  /** Paused syncs stopped running this long before the simulator started. */
  pausedMinutesAgo?: number;
  /** A run started by hand before the simulator started (manual syncs need some history). */
  pastManualRunMinutesAgo?: number;
  outage?: OutageSeed;
  /** Scheduled runs stop this long after the simulator's start (negative: before), the sync still active. */
  scheduleStopsInMs?: number;
}

export type BulkSyncBehaviour = 'ok' | 'warnings' | 'failing';

export interface BulkSyncSeed {
  id: string;
  name: string;
  active: boolean;
  mode: 'snapshot' | 'replicate';
  sourceConnectionId: string;
  destinationConnectionId: string;
  destinationConfiguration: Record<string, unknown>;
  schemas: readonly string[];
  schedule: ScheduleSeed;
  plan: RunPlan;
  durationMs: number;
  behaviour: BulkSyncBehaviour;
  baseRecords: number;
  createdDaysAgo: number;
  updatedMinutesAgo: number;
  outage?: OutageSeed;
}

function schedule(frequency: string, minute = '', hour = ''): ScheduleSeed {
  return { frequency, minute, hour, day_of_week: '', day_of_month: '', month: '' };
}

function hourlyAt(minute: number): { schedule: ScheduleSeed; plan: RunPlan } {
  return {
    schedule: schedule('hourly', String(minute)),
    plan: { periodMs: HOUR_MS, offsetMs: minute * MINUTE_MS },
  };
}

function dailyAt(hour: number, minute: number): { schedule: ScheduleSeed; plan: RunPlan } {
  return {
    schedule: schedule('daily', String(minute), String(hour)),
    plan: { periodMs: DAY_MS, offsetMs: hour * HOUR_MS + minute * MINUTE_MS },
  };
}

/** "custom" cron-like schedule: every `everyMinutes`, starting at `firstMinute` past the hour. */
function everyMinutes(everyMinutes: number, firstMinute: number): { schedule: ScheduleSeed; plan: RunPlan } {
  const minutes: number[] = [];
  for (let m = firstMinute; m < 60; m += everyMinutes) minutes.push(m);
  return {
    schedule: schedule('custom', minutes.join(','), '*'),
    plan: { periodMs: everyMinutes * MINUTE_MS, offsetMs: firstMinute * MINUTE_MS },
  };
}

function schemas(names: readonly string[], fields: readonly string[]): SchemaSeed[] {
  return names.map((name) => ({ id: name, name, fields }));
}

const DB_FIELDS = ['id', 'created_at', 'updated_at'] as const;
const CRM_FIELDS = ['Id', 'Name', 'CreatedDate', 'LastModifiedDate'] as const;
const DB_OPERATIONS = ['bulksyncsource', 'bulksyncdestination', 'modelsyncsource', 'modelsynctarget'] as const;
const CRM_OPERATIONS = ['bulksyncsource', 'modelsyncsource', 'modelsynctarget'] as const;

const POSTGRES_TYPE = { id: 'postgresql', name: 'PostgreSQL', operations: DB_OPERATIONS };

export const CONNECTION_SEEDS: readonly ConnectionSeed[] = [
  {
    id: C.productionPostgres,
    name: 'Production Postgres (read replica)',
    type: POSTGRES_TYPE,
    configuration: {
      hostname: 'prod-replica.db.northwind.io',
      port: 5432,
      database: 'app',
      username: 'polytomic',
      password: '********',
      ssl: true,
    },
    status: 'healthy',
    apiCallsBase: 2400,
    createdDaysAgo: 410,
    schemas: schemas(
      ['public.accounts', 'public.users', 'public.orders', 'public.order_items', 'public.invoices', 'public.events'],
      DB_FIELDS,
    ),
    schemaChanges: [
      { add: { id: 'public.subscriptions', name: 'public.subscriptions', fields: DB_FIELDS } },
      { remove: 'public.events' },
    ],
    requiresOneOf: ['query', 'table', 'view'],
  },
  {
    id: C.stagingPostgres,
    name: 'Staging Postgres',
    type: POSTGRES_TYPE,
    configuration: {
      hostname: 'staging-db.internal.northwind.io',
      port: 5432,
      database: 'app',
      username: 'polytomic',
      password: '********',
      ssl: true,
    },
    status: 'unhealthy',
    statusError:
      'failed to connect to `host=staging-db.internal.northwind.io user=polytomic database=app`: ' +
      'failed SASL auth (FATAL: password authentication failed for user "polytomic" (SQLSTATE 28P01))',
    apiCallsBase: 0,
    createdDaysAgo: 205,
    schemas: schemas(['public.accounts', 'public.users', 'public.feature_flags'], DB_FIELDS),
    schemaChanges: [],
    requiresOneOf: ['query', 'table', 'view'],
  },
  {
    id: C.snowflake,
    name: 'Snowflake Warehouse',
    type: { id: 'snowflake', name: 'Snowflake', operations: DB_OPERATIONS },
    configuration: {
      account: 'northwind-xy12345',
      warehouse: 'POLYTOMIC_WH',
      dbname: 'ANALYTICS',
      username: 'POLYTOMIC_SVC',
      key_pair_auth: true,
      private_key: '********',
    },
    status: 'healthy',
    apiCallsBase: 5200,
    createdDaysAgo: 398,
    schemas: schemas(
      ['ANALYTICS.PUBLIC.ACCOUNTS', 'ANALYTICS.PUBLIC.CHURN_SCORES', 'ANALYTICS.PUBLIC.PRODUCT_USAGE'],
      ['ID', 'UPDATED_AT'],
    ),
    schemaChanges: [
      { add: { id: 'ANALYTICS.PUBLIC.LEAD_SCORES', name: 'ANALYTICS.PUBLIC.LEAD_SCORES', fields: ['ID', 'SCORE'] } },
    ],
    requiresOneOf: ['database'],
  },
  {
    id: C.salesforce,
    name: 'Salesforce',
    type: { id: 'salesforce', name: 'Salesforce', operations: CRM_OPERATIONS },
    configuration: {
      domain: 'northwind.my.salesforce.com',
      connected_user: 'integrations@northwind.io',
      sandbox: false,
    },
    status: 'healthy',
    apiCallsBase: 14_800,
    createdDaysAgo: 405,
    schemas: schemas(['Account', 'Contact', 'Lead', 'Opportunity', 'Campaign', 'User'], CRM_FIELDS),
    schemaChanges: [{ add: { id: 'Renewal__c', name: 'Renewal__c', fields: CRM_FIELDS } }],
    requiresOneOf: ['object'],
  },
  {
    id: C.hubspot,
    name: 'HubSpot',
    type: { id: 'hubspot', name: 'HubSpot', operations: CRM_OPERATIONS },
    configuration: { hub_id: 20394871, connected_user: 'marketing-ops@northwind.io' },
    status: 'healthy',
    apiCallsBase: 9_100,
    createdDaysAgo: 377,
    schemas: schemas(['contacts', 'companies', 'deals', 'tickets', 'owners'], ['hs_object_id', 'createdate']),
    schemaChanges: [{ add: { id: 'line_items', name: 'line_items', fields: ['hs_object_id', 'createdate'] } }],
    requiresOneOf: ['object'],
  },
  {
    id: C.bigquery,
    name: 'BigQuery Analytics',
    type: { id: 'bigquery', name: 'BigQuery', operations: DB_OPERATIONS },
    configuration: { project_id: 'northwind-analytics', location: 'US', service_account: '********' },
    status: 'healthy',
    apiCallsBase: 1_350,
    createdDaysAgo: 190,
    schemas: schemas(['analytics.sessions', 'analytics.sfdc_open_opportunities'], ['id', 'loaded_at']),
    schemaChanges: [],
    requiresOneOf: ['database'],
  },
];

export const MODEL_SYNC_SEEDS: readonly ModelSyncSeed[] = [
  {
    id: S.salesforceContactsToHubspot,
    name: 'Salesforce Contacts → HubSpot',
    active: true,
    mode: 'updateOrCreate',
    sourceConnectionId: C.salesforce,
    modelName: 'Salesforce Contacts',
    targetConnectionId: C.hubspot,
    targetObject: 'contacts',
    ...hourlyAt(15),
    durationMs: 4 * MINUTE_MS,
    behaviour: 'row-errors',
    baseRecords: 1_800,
    fields: [
      ['Email', 'email'],
      ['FirstName', 'firstname'],
      ['LastName', 'lastname'],
      ['Account.Name', 'company'],
    ],
    createdDaysAgo: 300,
    updatedMinutesAgo: 95,
  },
  {
    id: S.snowflakeAccountsToSalesforce,
    name: 'Snowflake Accounts to Salesforce',
    active: true,
    mode: 'update',
    sourceConnectionId: C.snowflake,
    modelName: 'Accounts (dbt: dim_accounts)',
    targetConnectionId: C.salesforce,
    targetObject: 'Account',
    ...everyMinutes(30, 5),
    durationMs: 3 * MINUTE_MS,
    behaviour: 'ok',
    baseRecords: 6_400,
    fields: [
      ['ACCOUNT_ID', 'External_Account_Id__c'],
      ['ARR', 'ARR__c'],
      ['PLAN', 'Plan__c'],
    ],
    createdDaysAgo: 280,
    updatedMinutesAgo: 60 * 26,
  },
  {
    id: S.churnScoresToSalesforce,
    name: 'Churn Risk Scores → Salesforce',
    active: true,
    mode: 'update',
    sourceConnectionId: C.snowflake,
    modelName: 'Churn Scores',
    targetConnectionId: C.salesforce,
    targetObject: 'Account',
    ...hourlyAt(45),
    durationMs: 40_000,
    behaviour: 'failing',
    baseRecords: 3_100,
    fields: [
      ['ACCOUNT_ID', 'External_Account_Id__c'],
      ['CHURN_RISK', 'Churn_Risk__c'],
    ],
    createdDaysAgo: 20,
    updatedMinutesAgo: 60 * 3,
  },
  {
    id: S.productUsageToHubspot,
    name: 'Product Usage → HubSpot Companies',
    active: true,
    mode: 'updateOrCreate',
    sourceConnectionId: C.snowflake,
    modelName: 'Product Usage (daily rollup)',
    targetConnectionId: C.hubspot,
    targetObject: 'companies',
    schedule: schedule('continuous'),
    // Continuous: a new run every 5 minutes, each busy for most of it.
    plan: { periodMs: 5 * MINUTE_MS, offsetMs: 0 },
    durationMs: 4 * MINUTE_MS + 15_000,
    behaviour: 'ok',
    baseRecords: 950,
    fields: [
      ['DOMAIN', 'domain'],
      ['WEEKLY_ACTIVE_USERS', 'weekly_active_users'],
      ['SEATS_USED', 'seats_used'],
    ],
    createdDaysAgo: 150,
    updatedMinutesAgo: 60 * 24 * 9,
  },
  {
    id: S.leadScoresToSalesforce,
    name: 'Lead Scores → Salesforce Leads',
    active: false,
    mode: 'update',
    sourceConnectionId: C.snowflake,
    modelName: 'Lead Scores',
    targetConnectionId: C.salesforce,
    targetObject: 'Lead',
    ...hourlyAt(30),
    durationMs: 2 * MINUTE_MS,
    behaviour: 'ok',
    baseRecords: 700,
    fields: [
      ['EMAIL', 'Email'],
      ['SCORE', 'Lead_Score__c'],
    ],
    createdDaysAgo: 120,
    updatedMinutesAgo: 60 * 24 * 2,
    pausedMinutesAgo: 60 * 24 * 2,
  },
  {
    id: S.webinarAttendeesToHubspot,
    name: 'Webinar Attendees → HubSpot',
    active: true,
    mode: 'create',
    sourceConnectionId: C.productionPostgres,
    modelName: 'Webinar Attendees',
    targetConnectionId: C.hubspot,
    targetObject: 'contacts',
    schedule: schedule('manual'),
    durationMs: 90_000,
    behaviour: 'ok',
    baseRecords: 240,
    fields: [
      ['email', 'email'],
      ['full_name', 'firstname'],
      ['webinar', 'last_webinar'],
    ],
    createdDaysAgo: 60,
    updatedMinutesAgo: 60 * 24 * 6,
    pastManualRunMinutesAgo: 60 * 26,
  },
  {
    id: S.ordersToSnowflake,
    name: 'Orders to Snowflake',
    active: true,
    mode: 'updateOrCreate',
    sourceConnectionId: C.productionPostgres,
    modelName: 'Orders',
    targetConnectionId: C.snowflake,
    targetObject: 'ANALYTICS.PUBLIC.ORDERS',
    ...hourlyAt(0),
    durationMs: 6 * MINUTE_MS,
    behaviour: 'ok',
    baseRecords: 12_000,
    fields: [
      ['id', 'ORDER_ID'],
      ['total_cents', 'TOTAL_CENTS'],
      ['status', 'STATUS'],
    ],
    createdDaysAgo: 330,
    updatedMinutesAgo: 60 * 24 * 30,
  },
  {
    id: S.ordersToSnowflakeBackfill,
    name: 'Orders to Snowflake (backfill)',
    active: true,
    mode: 'append',
    sourceConnectionId: C.productionPostgres,
    modelName: 'Orders (historical)',
    targetConnectionId: C.snowflake,
    targetObject: 'ANALYTICS.PUBLIC.ORDERS_HISTORY',
    ...dailyAt(2, 0),
    durationMs: 22 * MINUTE_MS,
    behaviour: 'ok',
    baseRecords: 240_000,
    fields: [
      ['id', 'ORDER_ID'],
      ['total_cents', 'TOTAL_CENTS'],
      ['created_at', 'CREATED_AT'],
    ],
    createdDaysAgo: 45,
    updatedMinutesAgo: 60 * 24 * 12,
  },
  {
    id: S.openOpportunitiesToBigquery,
    name: 'Open Opportunities → BigQuery',
    active: true,
    mode: 'replace',
    sourceConnectionId: C.salesforce,
    modelName: 'Open Opportunities',
    targetConnectionId: C.bigquery,
    targetObject: 'analytics.sfdc_open_opportunities',
    ...dailyAt(6, 30),
    durationMs: 8 * MINUTE_MS,
    behaviour: 'ok',
    baseRecords: 2_200,
    fields: [
      ['Id', 'opportunity_id'],
      ['Amount', 'amount'],
      ['StageName', 'stage'],
    ],
    createdDaysAgo: 90,
    updatedMinutesAgo: 60 * 24 * 4,
  },
  {
    id: S.accountHealthToSalesforce,
    name: 'Account Health → Salesforce',
    active: true,
    mode: 'update',
    sourceConnectionId: C.snowflake,
    modelName: 'Account Health',
    targetConnectionId: C.salesforce,
    targetObject: 'Account',
    ...hourlyAt(40),
    durationMs: 2 * MINUTE_MS,
    behaviour: 'ok',
    baseRecords: 1_500,
    fields: [
      ['ACCOUNT_ID', 'External_Account_Id__c'],
      ['HEALTH_SCORE', 'Health_Score__c'],
    ],
    createdDaysAgo: 75,
    updatedMinutesAgo: 60 * 24 * 8,
    // Failed for two hours until two hours before the start, and again every six hours: it fails and recovers.
    outage: {
      firstStartsInMs: -4 * HOUR_MS,
      everyMs: 6 * HOUR_MS,
      lastsMs: 2 * HOUR_MS,
      error:
        'Salesforce API error: UNABLE_TO_LOCK_ROW: unable to obtain exclusive access to this record or 200 records',
    },
  },
  {
    id: S.supportTicketsToSalesforce,
    name: 'Support Tickets → Salesforce Cases',
    active: true,
    mode: 'updateOrCreate',
    sourceConnectionId: C.productionPostgres,
    modelName: 'Support Tickets',
    targetConnectionId: C.salesforce,
    targetObject: 'Case',
    ...hourlyAt(50),
    durationMs: 3 * MINUTE_MS,
    behaviour: 'ok',
    baseRecords: 400,
    fields: [
      ['ticket_id', 'External_Ticket_Id__c'],
      ['subject', 'Subject'],
    ],
    createdDaysAgo: 110,
    updatedMinutesAgo: 60 * 24 * 15,
    // Its scheduled runs stopped five hours before the start: active, healthy last run, going stale.
    scheduleStopsInMs: -5 * HOUR_MS,
  },
];

export const BULK_SYNC_SEEDS: readonly BulkSyncSeed[] = [
  {
    id: B.postgresToSnowflake,
    name: 'Postgres → Snowflake (prod replica)',
    active: true,
    mode: 'replicate',
    sourceConnectionId: C.productionPostgres,
    destinationConnectionId: C.snowflake,
    destinationConfiguration: { schema: 'RAW_APP' },
    schemas: ['public.accounts', 'public.users', 'public.orders', 'public.order_items', 'public.invoices'],
    ...everyMinutes(15, 0),
    durationMs: 6 * MINUTE_MS,
    behaviour: 'ok',
    baseRecords: 48_000,
    createdDaysAgo: 400,
    updatedMinutesAgo: 60 * 5,
  },
  {
    id: B.hubspotToBigquery,
    name: 'HubSpot to BigQuery',
    active: true,
    mode: 'snapshot',
    sourceConnectionId: C.hubspot,
    destinationConnectionId: C.bigquery,
    destinationConfiguration: { dataset: 'raw_hubspot' },
    schemas: ['contacts', 'companies', 'deals', 'tickets', 'owners'],
    schedule: schedule('custom', '10', '0,6,12,18'),
    plan: { periodMs: 6 * HOUR_MS, offsetMs: 10 * MINUTE_MS },
    durationMs: 18 * MINUTE_MS,
    behaviour: 'warnings',
    baseRecords: 210_000,
    createdDaysAgo: 180,
    updatedMinutesAgo: 60 * 24 * 3,
  },
  {
    id: B.salesforceToSnowflake,
    name: 'Salesforce → Snowflake',
    active: true,
    mode: 'replicate',
    sourceConnectionId: C.salesforce,
    destinationConnectionId: C.snowflake,
    destinationConfiguration: { schema: 'RAW_SALESFORCE' },
    schemas: ['Account', 'Contact', 'Lead', 'Opportunity', 'User'],
    ...hourlyAt(20),
    durationMs: 11 * MINUTE_MS,
    behaviour: 'ok',
    baseRecords: 35_000,
    createdDaysAgo: 390,
    updatedMinutesAgo: 60 * 24 * 20,
    // One hourly run in six loses read access to one table; the other tables sync, and the next run recovers.
    outage: {
      firstStartsInMs: -3 * HOUR_MS,
      everyMs: 6 * HOUR_MS,
      lastsMs: HOUR_MS,
      error: 'Salesforce API error: INSUFFICIENT_ACCESS: the integration user cannot read Opportunity',
      schemas: ['Opportunity'],
    },
  },
  {
    id: B.stagingPostgresToBigquery,
    name: 'Staging Postgres → BigQuery',
    active: true,
    mode: 'snapshot',
    sourceConnectionId: C.stagingPostgres,
    destinationConnectionId: C.bigquery,
    destinationConfiguration: { dataset: 'staging_app' },
    schemas: ['public.accounts', 'public.users', 'public.feature_flags'],
    ...everyMinutes(30, 25),
    durationMs: 20_000,
    behaviour: 'failing',
    baseRecords: 900,
    createdDaysAgo: 200,
    updatedMinutesAgo: 60 * 24 * 7,
  },
];

/** Errors a failing model sync reports; one per run, picked deterministically. */
export const FAILING_SYNC_ERRORS: readonly string[] = [
  'Salesforce API error: INVALID_FIELD_FOR_INSERT_UPDATE: Unable to create/update fields: Churn_Risk__c. ' +
    'Please check the security settings of this field and verify that it is read/write for your profile or permission set.',
  'Salesforce API error: REQUEST_LIMIT_EXCEEDED: TotalRequests Limit exceeded.',
];

/** Row-level errors for syncs that complete with some rejected records. */
export const ROW_ERRORS: readonly string[] = [
  'Contact 0035e00001XyZ9AAJ: property "email" is invalid: jane.doe@@example.com is not a valid email address',
  'Contact 0035e00001Qm2bAAB: Contact already exists. Existing ID: 90113',
  'Contact 0035e00001Kk7cAAF: property "lifecyclestage" cannot move backwards from customer to lead',
];

export const FAILING_BULK_MESSAGE =
  'failed to connect to source: failed SASL auth (FATAL: password authentication failed for user "polytomic" (SQLSTATE 28P01))';

export const BULK_WARNING_MESSAGE = 'deals: 3 properties were skipped because HubSpot returned an unknown type';

/** The id of the n-th sync added by PolytomicSimulator.addModelSyncs (n from 1). */
export function generatedSyncId(n: number): string {
  return `5c0a0000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}

/** A healthy, manually scheduled model sync whose only run finished long before the event window. */
export function generatedModelSyncSeed(n: number, name: string): ModelSyncSeed {
  return {
    id: generatedSyncId(n),
    name,
    active: true,
    mode: 'update',
    sourceConnectionId: C.snowflake,
    modelName: `${name} (model)`,
    targetConnectionId: C.salesforce,
    targetObject: 'Account',
    schedule: schedule('manual'),
    durationMs: 60_000,
    behaviour: 'ok',
    baseRecords: 500,
    fields: [
      ['ACCOUNT_ID', 'External_Account_Id__c'],
      ['NAME', 'Name'],
    ],
    createdDaysAgo: 30,
    // Distinct update times keep the list order (updated_at desc, id asc) stable and easy to reason about.
    updatedMinutesAgo: 60 * 24 * 10 + n,
    pastManualRunMinutesAgo: 60 * 50,
  };
}
