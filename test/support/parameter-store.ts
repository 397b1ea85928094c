import { Hono } from 'hono';

/** A stand-in for SSM Parameter Store's JSON API (the one operation the functions call), over real HTTP. */
export function createParameterStore(parameters: Record<string, string>) {
  const calls: { Names: string[]; WithDecryption: boolean }[] = [];
  const app = new Hono();
  app.post('/', async (c) => {
    if (c.req.header('x-amz-target') !== 'AmazonSSM.GetParameters') return c.json({ __type: 'InvalidAction' }, 400);
    if (!c.req.header('authorization')?.startsWith('AWS4-HMAC-SHA256 '))
      return c.json({ __type: 'MissingAuthenticationToken' }, 403);
    const input = (await c.req.json()) as { Names: string[]; WithDecryption: boolean };
    calls.push(input);
    const found = input.Names.filter((name) => name in parameters);
    const body = {
      Parameters: found.map((name) => ({
        Name: name,
        Type: 'SecureString',
        Value: input.WithDecryption ? parameters[name] : 'AQICAH-ciphertext',
        Version: 1,
      })),
      InvalidParameters: input.Names.filter((name) => !(name in parameters)),
    };
    return c.body(JSON.stringify(body), 200, { 'content-type': 'application/x-amz-json-1.1' });
  });
  return { app, calls };
}
