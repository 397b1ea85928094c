import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { stackFromArgs } from '../../scripts/stack.js';
import { ACTIVE_INDEX, TTL_ATTRIBUTE, tableDefinition } from '../../src/lib/adapters/dynamo/table.js';
import { SETTINGS } from '../../src/lib/config.js';
import type { Json } from './osls.js';
import { osls, packagedTemplate, ROOT } from './osls.js';

let template: Json;
beforeAll(() => {
  template = packagedTemplate();
});

const resources = (type: string): [string, Json][] =>
  Object.entries<Json>(template.Resources).filter(([, r]) => r.Type === type);
const resource = (id: string): Json => {
  const found = template.Resources[id];
  if (!found) throw new Error(`no resource ${id} in the template`);
  return found;
};

const FUNCTIONS = { http: 'HttpLambdaFunction', worker: 'WorkerLambdaFunction', poll: 'PollLambdaFunction' } as const;
const fn = (name: keyof typeof FUNCTIONS) => resource(FUNCTIONS[name]);

/** CloudFormation references written as short strings, so policies compare as plain data. */
function ref(value: Json): string {
  if (typeof value === 'string') return value;
  if (value['Fn::GetAtt']) return value['Fn::GetAtt'].join('.');
  if (value['Fn::Sub']) return value['Fn::Sub'];
  if (value.Ref) return `Ref(${value.Ref})`;
  if (value['Fn::Join']) return value['Fn::Join'][1].map(ref).join(value['Fn::Join'][0]);
  throw new Error(`unexpected reference ${JSON.stringify(value)}`);
}

const list = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

/** A role's grants as `action → sorted resources`. */
function grants(roleId: string): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const policy of resource(roleId).Properties.Policies ?? []) {
    for (const statement of policy.PolicyDocument.Statement) {
      expect(statement.Effect).toBe('Allow');
      for (const action of list<string>(statement.Action)) {
        result[action] = [...(result[action] ?? []), ...list(statement.Resource).map(ref)].sort();
      }
    }
  }
  return result;
}

const roleOf = (name: keyof typeof FUNCTIONS): string => fn(name).Properties.Role['Fn::GetAtt'][0];
const logGroupOf = (name: keyof typeof FUNCTIONS): string => {
  const [id] =
    resources('AWS::Logs::LogGroup').find(
      ([, g]) => g.Properties.LogGroupName === `/aws/lambda/${fn(name).Properties.FunctionName}`,
    ) ?? [];
  if (!id) throw new Error(`no log group for ${name}`);
  return id;
};
const envOf = (name: keyof typeof FUNCTIONS): Record<string, Json> => fn(name).Properties.Environment.Variables;
const ssmArn = (parameterName: string) =>
  `arn:\${AWS::Partition}:ssm:\${AWS::Region}:\${AWS::AccountId}:parameter${parameterName}`;
const SECRETS = ['SLACK_SIGNING_SECRET', 'SLACK_BOT_TOKEN', 'POLYTOMIC_API_KEY'];

describe('the packaged CloudFormation template (osls package, offline)', () => {
  it('declares the table exactly as tableDefinition() does, with TTL, point-in-time recovery and on-demand billing', () => {
    const table = resource('Table').Properties;
    const def = tableDefinition('any');
    const byName = (a: { AttributeName?: string }, b: { AttributeName?: string }) =>
      String(a.AttributeName).localeCompare(String(b.AttributeName));
    expect([...table.AttributeDefinitions].sort(byName)).toEqual([...def.AttributeDefinitions!].sort(byName));
    expect(table.KeySchema).toEqual(def.KeySchema);
    const indexShape = (i: Json) => ({ IndexName: i.IndexName, KeySchema: i.KeySchema, Projection: i.Projection });
    expect(table.GlobalSecondaryIndexes.map(indexShape)).toEqual(def.GlobalSecondaryIndexes!.map(indexShape));
    expect(table.StreamSpecification.StreamViewType).toBe(def.StreamSpecification!.StreamViewType);
    expect(table.BillingMode).toBe(def.BillingMode);
    expect(table.TimeToLiveSpecification).toEqual({ AttributeName: TTL_ATTRIBUTE, Enabled: true });
    expect(table.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
  });

  it('runs every function on a current Node.js runtime, on arm64, with its log group kept for a bounded time', () => {
    for (const name of Object.keys(FUNCTIONS) as (keyof typeof FUNCTIONS)[]) {
      const { Runtime, Architectures, MemorySize } = fn(name).Properties;
      expect(Number(/^nodejs(\d+)\.x$/.exec(Runtime)?.[1]), `${name} runtime ${Runtime}`).toBeGreaterThanOrEqual(22);
      expect(Architectures).toEqual(['arm64']);
      expect(MemorySize).toBeGreaterThanOrEqual(512);
      expect(resource(logGroupOf(name)).Properties.RetentionInDays).toBeGreaterThan(0);
    }
  });

  it('routes every path the HTTP app serves (POST /slack/events, GET /healthz, …) to the http function', () => {
    const served = [
      ...readFileSync(join(ROOT, 'src/lib/adapters/http/app.ts'), 'utf8').matchAll(
        /app\.(get|post|put|delete)\('([^']+)'/g,
      ),
    ].map(([, method, path]) => `${method!.toUpperCase()} ${path}`);
    expect(served).toEqual(expect.arrayContaining(['POST /slack/events', 'GET /healthz']));
    expect(
      resources('AWS::ApiGatewayV2::Route')
        .map(([, r]) => r.Properties.RouteKey)
        .sort(),
    ).toEqual(served.sort());
    const integrations = resources('AWS::ApiGatewayV2::Integration').map(([, i]) => ref(i.Properties.IntegrationUri));
    expect(integrations).toEqual([`${FUNCTIONS.http}.Arn`]);
    expect(ref(template.Outputs.SlackRequestUrl.Value)).toBe('HttpApi.ApiEndpoint/slack/events');
  });

  it('feeds the worker only new JOB# items from the stream, with bounded retries, partial batch failures and a dead-letter queue', () => {
    const mappings = resources('AWS::Lambda::EventSourceMapping').map(([, m]) => m.Properties);
    expect(mappings).toHaveLength(1);
    const [mapping] = mappings;
    expect(ref(mapping.FunctionName)).toBe(`${FUNCTIONS.worker}.Arn`);
    expect(ref(mapping.EventSourceArn)).toBe('Table.StreamArn');
    expect(mapping.FilterCriteria.Filters.map((f: Json) => JSON.parse(f.Pattern))).toEqual([
      { eventName: ['INSERT'], dynamodb: { Keys: { pk: { S: [{ prefix: 'JOB#' }] } } } },
    ]);
    expect(mapping.MaximumRetryAttempts).toBeGreaterThanOrEqual(0);
    expect(mapping.MaximumRetryAttempts).toBeLessThanOrEqual(5);
    expect(mapping.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
    const [queue, attribute] = mapping.DestinationConfig.OnFailure.Destination['Fn::GetAtt'];
    expect([resource(queue).Type, attribute]).toEqual(['AWS::SQS::Queue', 'Arn']);
  });

  it('runs the poller every minute with a timeout that fits its 50-second loop', () => {
    const rules = resources('AWS::Events::Rule').map(([, r]) => r.Properties);
    expect(rules.map((r) => [r.ScheduleExpression, r.Targets.map((t: Json) => ref(t.Arn))])).toEqual([
      ['rate(1 minute)', [`${FUNCTIONS.poll}.Arn`]],
    ]);
    expect(fn('poll').Properties.Timeout).toBeGreaterThanOrEqual(60);
  });

  it('gives each function its own role with only the calls it makes, and no wildcard anywhere', () => {
    const roles = Object.keys(FUNCTIONS).map((name) => roleOf(name as keyof typeof FUNCTIONS));
    expect(new Set(roles).size).toBe(3);
    expect(template.Resources.IamRoleLambdaExecution).toBeUndefined();
    const logs = (name: keyof typeof FUNCTIONS) => ({
      'logs:CreateLogStream': [`${logGroupOf(name)}.Arn`],
      'logs:PutLogEvents': [`${logGroupOf(name)}.Arn`],
    });
    const store = {
      'dynamodb:GetItem': ['Table.Arn'],
      'dynamodb:PutItem': ['Table.Arn'],
      'dynamodb:UpdateItem': ['Table.Arn'],
      'dynamodb:DeleteItem': ['Table.Arn'],
      'dynamodb:BatchWriteItem': ['Table.Arn'],
      'dynamodb:Query': [`\${Table.Arn}/index/${ACTIVE_INDEX}`, 'Table.Arn'],
    };
    const secrets = (name: keyof typeof FUNCTIONS) => ({
      'ssm:GetParameters': Object.entries(envOf(name))
        .filter(([key]) => key.endsWith('_PARAMETER'))
        .map(([, value]) => ssmArn(value))
        .sort(),
    });
    const [queue] = resources('AWS::SQS::Queue').map(([id]) => id);

    // The job write, and the webhook secret `/polytomic webhook setup` stored.
    expect(grants(roleOf('http'))).toEqual({
      ...logs('http'),
      'dynamodb:PutItem': ['Table.Arn'],
      'dynamodb:GetItem': ['Table.Arn'],
      ...secrets('http'),
    });
    expect(grants(roleOf('worker'))).toEqual({
      ...logs('worker'),
      ...store,
      'dynamodb:GetRecords': ['Table.StreamArn'],
      'dynamodb:GetShardIterator': ['Table.StreamArn'],
      'dynamodb:DescribeStream': ['Table.StreamArn'],
      'dynamodb:ListStreams': ['Table.StreamArn'],
      'sqs:SendMessage': [`${queue}.Arn`],
      ...secrets('worker'),
    });
    expect(grants(roleOf('poll'))).toEqual({ ...logs('poll'), ...store, ...secrets('poll') });

    for (const [id, role] of resources('AWS::IAM::Role')) {
      expect(role.Properties.ManagedPolicyArns, id).toBeUndefined();
      for (const [action, targets] of Object.entries(grants(id))) {
        expect(action, id).not.toContain('*');
        for (const target of targets) expect(target, `${id} ${action}`).not.toMatch(/^\*$|:\*$|\/\*$/);
      }
    }
  });

  it('lets the worker and the poller make every DynamoDB call the stores make', () => {
    // The stores are shared by the worker and the poller; table.ts creates tables for local runs only.
    const dir = join(ROOT, 'src/lib/adapters/dynamo');
    const used = new Set<string>();
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts') && f !== 'table.ts')) {
      for (const match of readFileSync(join(dir, file), 'utf8').matchAll(/new (\w+)Command\(/g))
        used.add(`dynamodb:${match[1]}`);
    }
    expect(used.size).toBeGreaterThan(0);
    for (const name of ['worker', 'poll'] as const) {
      const missing = [...used].filter((action) => !grants(roleOf(name))[action]?.includes('Table.Arn'));
      expect(missing, `add these to ${name}'s role in serverless.yml`).toEqual([]);
    }
  });

  it("grants the http function exactly the DynamoDB operations its own AWS path calls, and SSM's GetParameters", () => {
    const operations = (file: string) =>
      [...readFileSync(join(ROOT, file), 'utf8').matchAll(/\.call(?:<.*?>)?\(\s*'(\w+)'/gs)].map((match) => match[1]);
    const dynamo = operations('src/lib/adapters/aws/ack-stores.ts').map((operation) => `dynamodb:${operation}`);
    const granted = Object.keys(grants(roleOf('http'))).filter((action) => action.startsWith('dynamodb:'));
    expect(new Set(dynamo)).toEqual(new Set(granted));
    expect(operations('src/lib/adapters/aws/ssm-secrets.ts')).toEqual(['GetParameters']);
  });

  it('keeps secrets out of the Lambda configuration: each function gets the SSM parameter names of the secrets it needs', () => {
    const needs = {
      http: ['SLACK_SIGNING_SECRET'],
      worker: ['SLACK_BOT_TOKEN', 'POLYTOMIC_API_KEY'],
      poll: ['SLACK_BOT_TOKEN', 'POLYTOMIC_API_KEY'],
    };
    for (const [name, secrets] of Object.entries(needs) as [keyof typeof FUNCTIONS, string[]][]) {
      const env = envOf(name);
      for (const secret of SECRETS) expect(env[secret], `${name} ${secret}`).toBeUndefined();
      expect(
        Object.keys(env)
          .filter((key) => key.endsWith('_PARAMETER'))
          .sort(),
      ).toEqual(secrets.map((s) => `${s}_PARAMETER`).sort());
      for (const secret of secrets) expect(env[`${secret}_PARAMETER`]).toMatch(/^\/polytomic-slack\/dev\/[a-z-]+$/);
    }
  });

  it('passes every deploy-time setting of the configuration schema to the functions', () => {
    const localOnly = [
      'PORT',
      'DYNAMODB_ENDPOINT',
      'POLL_INTERVAL_SECONDS',
      'POLYTOMIC_SIMULATOR_LATENCY_MS',
      'TIME_SCALE',
      'SLACK_APP_TOKEN',
    ];
    const settings = SETTINGS.filter((key) => ![...localOnly, ...SECRETS].includes(key));
    const env = template.Resources[FUNCTIONS.worker].Properties.Environment.Variables;
    const missing = settings.filter((key) => !(key in env));
    expect(missing, 'add these to params and provider.environment in serverless.yml').toEqual([]);
    expect(env.TABLE_NAME).toEqual({ Ref: 'Table' });
  });

  it("alarms on the dead-letter queue and on every function's errors", () => {
    const alarms = resources('AWS::CloudWatch::Alarm').map(([, a]) => a.Properties);
    for (const alarm of alarms) expect(alarm.AlarmActions?.length, alarm.AlarmName).toBeGreaterThan(0);
    const watches = (namespace: string, metric: string, dimension: Json) =>
      alarms.some(
        (a) =>
          a.Namespace === namespace &&
          a.MetricName === metric &&
          a.Dimensions?.some((d: Json) => JSON.stringify(d.Value) === JSON.stringify(dimension)),
      );
    const [queue] = resources('AWS::SQS::Queue').map(([id]) => id);
    expect(watches('AWS/SQS', 'ApproximateNumberOfMessagesVisible', { 'Fn::GetAtt': [queue, 'QueueName'] })).toBe(true);
    for (const id of Object.values(FUNCTIONS)) expect(watches('AWS/Lambda', 'Errors', { Ref: id }), id).toBe(true);
  });

  it("resolves every variable offline: nothing is left for AWS to fill in at deploy time but CloudFormation's own", () => {
    const text = JSON.stringify(template);
    expect(text).not.toMatch(/\$\{(ssm|aws|param|env|opt|self|sls|cf|s3):/);
  });
});

describe('stage and region', () => {
  it('are parameters: --stage prod --region us-east-1 names the table, the secrets and the region after them', async () => {
    const config = JSON.parse(await osls(['print', '--stage', 'prod', '--region', 'us-east-1', '--format', 'json']));
    expect([config.provider.stage, config.provider.region]).toEqual(['prod', 'us-east-1']);
    expect(config.resources.Resources.Table.Properties.TableName).toBe('polytomic-slack-prod');
    expect(config.functions.http.environment.SLACK_SIGNING_SECRET_PARAMETER).toBe(
      '/polytomic-slack/prod/slack-signing-secret',
    );
    // The scripts (manifest, replay-job) find the same stack and table.
    expect(stackFromArgs(['--stage', 'prod', '--region', 'us-east-1'])).toMatchObject({
      region: 'us-east-1',
      tableName: 'polytomic-slack-prod',
      stackName: 'polytomic-slack-prod',
    });
  }, 60_000);

  it('default to dev in the region the scripts also default to', () => {
    const state = JSON.parse(readFileSync(join(ROOT, '.serverless/serverless-state.json'), 'utf8'));
    expect([state.service.provider.stage, state.service.provider.region]).toEqual(['dev', stackFromArgs([]).region]);
  });
});
