// An activity worker on the AWS SDK for JavaScript v3: it long-polls
// GetActivityTask on ACTIVITY_ARN at ENDPOINT, sends one heartbeat per task,
// then SendTaskSuccess with {"n": input.N, "worker": WORKER_NAME}, printing
// "took N" per task. It runs until killed; "ready" is printed first.
import { SFNClient, GetActivityTaskCommand, SendTaskHeartbeatCommand, SendTaskSuccessCommand } from "@aws-sdk/client-sfn";

const { ENDPOINT, ACTIVITY_ARN, WORKER_NAME } = process.env;
const client = new SFNClient({
  endpoint: ENDPOINT,
  region: "us-east-1",
  credentials: { accessKeyId: "AKID", secretAccessKey: "SECRET" },
  maxAttempts: 1,
});

console.log("ready");
for (;;) {
  const task = await client.send(new GetActivityTaskCommand({ activityArn: ACTIVITY_ARN, workerName: WORKER_NAME }));
  if (!task.taskToken) continue; // the poll ended empty
  const input = JSON.parse(task.input);
  await client.send(new SendTaskHeartbeatCommand({ taskToken: task.taskToken }));
  await client.send(new SendTaskSuccessCommand({ taskToken: task.taskToken, output: JSON.stringify({ n: input.N, worker: WORKER_NAME }) }));
  console.log("took " + input.N);
}
