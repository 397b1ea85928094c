// One cold start, in a fresh `node` process started by bench/cold-start.ts: import the bundle (module
// init), then hand it one signed slash command (first request). Plain JavaScript so no loader sits
// between Node and the bundle.
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

const event = JSON.parse(process.env.BENCH_EVENT ?? '{}');
const context = { awsRequestId: 'bench', functionName: 'bench', getRemainingTimeInMillis: () => 10_000 };

const started = performance.now();
const { handler } = await import(pathToFileURL(process.argv[2] ?? '').href);
const initialised = performance.now();
const result = await handler(event, context);
const answered = performance.now();

// Both answer "⏳ Looking up …" once the command is accepted (ours: once its job is recorded).
const acked = result.statusCode === 200 && String(result.body).includes('Looking up');
process.stdout.write(
  `\nBENCH_RESULT ${JSON.stringify({ initMs: initialised - started, firstMs: answered - initialised, acked })}\n`,
);
// Keep-alive sockets (the DynamoDB client's) would hold the process open.
process.exit(0);
