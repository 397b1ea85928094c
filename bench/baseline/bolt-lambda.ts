import { App, AwsLambdaReceiver } from '@slack/bolt';
import type { Context } from 'aws-lambda';

// Bolt's documented way to run on Lambda (bolt-js examples/deploy-aws-lambda): an App on an
// AwsLambdaReceiver, whose response is the ack once every listener has finished.
const receiver = new AwsLambdaReceiver({ signingSecret: process.env.SLACK_SIGNING_SECRET ?? '' });
const app = new App({
  token: process.env.SLACK_BOT_TOKEN,
  receiver,
  // The bot's ids given up front: no auth.test call to Slack (the documented default makes one per cold
  // start), so neither side of the benchmark makes a network call the other does not.
  tokenVerificationEnabled: false,
  botId: 'B0BENCH',
  botUserId: 'U0BENCH',
});

app.command('/polytomic', async ({ command, ack }) => {
  // The benchmark's "do the work before the ack" variant: what this receiver implies for slow work.
  const inline = process.env.BENCH_INLINE_URL;
  if (inline)
    await (
      await fetch(inline, { headers: { authorization: `Bearer ${process.env.POLYTOMIC_API_KEY}` } })
    ).arrayBuffer();
  await ack({ response_type: 'ephemeral', text: `:hourglass_flowing_sand: Looking up *${command.text}*…` });
});

export const handler = async (event: unknown, context: Context) => (await receiver.start())(event as never, context);
