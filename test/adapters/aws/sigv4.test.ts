import { AwsV4Signer } from 'aws4fetch';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signRequest } from '../../../src/lib/adapters/aws/sigv4.js';

const datetime = fc
  .date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2035-12-31T23:59:59Z'), noInvalidDate: true })
  .map((date) => date.toISOString().replace(/[:-]|\.\d{3}/g, ''));
const token = fc.stringMatching(/^[A-Za-z0-9+/=]{1,80}$/);

describe('SigV4 on node:crypto', () => {
  it('signs every request exactly as aws4fetch does (a client checked against AWS, kept as the oracle)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          url: fc.constantFrom(
            'https://dynamodb.eu-west-1.amazonaws.com/',
            'https://ssm.us-east-1.amazonaws.com/',
            'http://127.0.0.1:8000/',
            'http://localhost:4566',
          ),
          service: fc.constantFrom('dynamodb', 'ssm'),
          region: fc.constantFrom('eu-west-1', 'us-east-1', 'local'),
          target: fc.constantFrom('DynamoDB_20120810.PutItem', 'DynamoDB_20120810.GetItem', 'AmazonSSM.GetParameters'),
          body: fc.json(),
          accessKeyId: fc.stringMatching(/^[A-Z0-9]{4,20}$/),
          secretAccessKey: fc.string({ minLength: 1, maxLength: 40 }),
          sessionToken: fc.option(token, { nil: undefined }),
          datetime,
        }),
        async (input) => {
          const headers = { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': input.target };
          const credentials = {
            accessKeyId: input.accessKeyId,
            secretAccessKey: input.secretAccessKey,
            sessionToken: input.sessionToken,
          };
          const ours = signRequest({ ...input, url: new URL(input.url), headers, credentials });
          const theirs = await new AwsV4Signer({ ...input, ...credentials, method: 'POST', headers }).sign();
          expect(ours).toEqual({ ...Object.fromEntries(theirs.headers) });
        },
      ),
    );
  });
});
