import { benchAlertLatency } from './alert-latency.js';
import { benchColdStart, formatColdStart } from './cold-start.js';
import { benchDigestCost } from './digest-cost.js';
import { benchOverviewCost } from './overview-cost.js';
import { benchPollerCost } from './poller-cost.js';
import { benchRefreshLatency } from './refresh-latency.js';
import { benchRuleCheckCost } from './rule-check-cost.js';
import { countedTable, opened, startDynamoDbLocal } from './support.js';

/** `npm run bench`: every benchmark, figures printed as the README quotes them; `-- cold-start` for the first alone. */
async function main() {
  const dynamo = await startDynamoDbLocal();
  try {
    process.stdout.write(`Node ${process.version}, DynamoDB Local, simulators on loopback\n\n`);

    process.stdout.write(`${formatColdStart(await benchColdStart(dynamo.endpoint))}\n`);
    // `npm run bench -- cold-start`: the HTTP function's figures alone (about 3 minutes instead of all).
    if (process.argv[2] === 'cold-start') return;

    const latency = await benchRefreshLatency({
      name: 'DynamoDB Local',
      open: async () => opened(await countedTable(dynamo.endpoint)),
    });
    const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
    process.stdout.write(
      `Refresh: cache turned fresh → threaded reply posted (${latency.delayMs.n} refreshes, deployed schedule)\n` +
        `  median ${s(latency.delayMs.p50)}   p95 ${s(latency.delayMs.p95)}   max ${s(latency.delayMs.max)}\n` +
        `  one tick's processing: median ${latency.tickMs.p50.toFixed(0)} ms, p95 ${latency.tickMs.p95.toFixed(0)} ms\n\n`,
    );

    const alerts = await benchAlertLatency({
      name: 'DynamoDB Local',
      open: async () => opened(await countedTable(dynamo.endpoint)),
    });
    const line = (label: string, d: typeof alerts.webhook) =>
      `  ${label.padEnd(58)} median ${s(d.p50)}   p95 ${s(d.p95)}   max ${s(d.max)}\n`;
    process.stdout.write(
      `Failure delivered → alert posted (${alerts.webhook.n} failures each, at random moments of the minute)\n` +
        line('(a) signed webhook, stream worker posts (target p95 ≤ 10 s)', alerts.webhook) +
        line('(a′) signed webhook, only the poller posts (before)', alerts.pollerOnly) +
        line('(b) event catch-up alone, no webhook (target p95 ≤ 70 s)', alerts.catchup) +
        `  measured: the HTTP app, jobs, catch-up reads, flushes and posts, on DynamoDB Local and the simulators;\n` +
        `  from configuration: the ${s(alerts.timing.alertBatchMs)} grouping window, the ${s(alerts.timing.tickMs)} between ticks, the poll\n` +
        `  schedule (an invocation each minute, ticking ≤ 50 s), jumped over on a simulated clock; the stream's hand-over is\n` +
        `  taken as instant; in (b) the job the catch-up records runs at the next tick, where deployed the stream runs it\n` +
        `  at once: (b) is up to 5 s pessimistic.\n\n`,
    );

    const burst = await benchOverviewCost(dynamo.endpoint);
    process.stdout.write(
      `Organisation overview: ${burst.overviews} \`/polytomic status\` from ${burst.overviews} people within ${burst.seconds} s\n` +
        `  answered ${burst.answered}   Polytomic requests ${burst.polytomicRequests} (one sweep is ${burst.oneSweep}; uncached, ${burst.overviews * burst.oneSweep})\n\n`,
    );

    // Before the 5,000-refresh tick, which leaves DynamoDB Local slower for whatever runs after it.
    const digests = await benchDigestCost(dynamo.endpoint, [1, 50, 500]);
    process.stdout.write('Digest run: N channels due at once (real one-second gaps between posts in a channel)\n');
    process.stdout.write('  channels  posted  wall ms  Polytomic requests  Slack requests  DynamoDB requests\n');
    for (const d of digests) {
      process.stdout.write(
        `  ${String(d.channels).padStart(8)}  ${String(d.posted).padStart(6)}  ${String(d.wallMs).padStart(7)}  ${String(d.polytomicRequests).padStart(18)}  ${String(d.slackRequests).padStart(14)}  ${String(d.dynamoRequests).padStart(17)}\n`,
      );
    }
    process.stdout.write('\n');

    // Before the 5,000-refresh tick too, for the same reason.
    const rules = [
      ...(await benchRuleCheckCost(dynamo.endpoint, 1000, [0, 10, 100])),
      ...(await benchRuleCheckCost(dynamo.endpoint, 100, [0, 10])),
    ];
    process.stdout.write(
      'Poller: one whole tick with N watched syncs carrying `stale 6h`, D of them due for a check\n',
    );
    process.stdout.write('  watched  due  checked  wall ms  DynamoDB requests  Polytomic requests (status reads)\n');
    for (const r of rules) {
      process.stdout.write(
        `  ${String(r.watched).padStart(7)}  ${String(r.due).padStart(3)}  ${String(r.checked).padStart(7)}  ${String(r.wallMs).padStart(7)}  ${String(r.dynamoRequests).padStart(17)}  ${String(r.polytomicRequests).padStart(18)} (${r.statusReads})\n`,
      );
    }
    process.stdout.write('\n');

    const costs = await benchPollerCost(dynamo.endpoint, [1, 100, 5000]);
    process.stdout.write('Poller: one tick with N pending refreshes (all still refreshing)\n');
    process.stdout.write('  pending  checked  wall ms  DynamoDB requests  Polytomic requests\n');
    for (const c of costs) {
      process.stdout.write(
        `  ${String(c.pending).padStart(7)}  ${String(c.checked).padStart(7)}  ${String(c.wallMs).padStart(7)}  ${String(c.dynamoRequests).padStart(17)}  ${String(c.polytomicRequests).padStart(18)}\n`,
      );
    }
  } finally {
    dynamo.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${String((error as Error)?.stack ?? error)}\n`);
  process.exit(1);
});
