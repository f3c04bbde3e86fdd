/**
 * NATS JetStream transport: one stream holds every deployment's subjects (`<prefix>.<province>.<county>`);
 * each deployment reads its own with a durable pull consumer and explicit acks, so a message survives a
 * broker restart or a crash of the receiver, and is redelivered until it is acknowledged.
 */
import {
  AckPolicy,
  DeliverPolicy,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
  jetstream,
  jetstreamManager,
  StorageType,
} from '@nats-io/jetstream';
import { connect, headers, type NatsConnection } from '@nats-io/transport-node';

export interface NatsSettings {
  url: string;
  stream: string;
  subjectPrefix: string;
  consumer: string;
  filterSubjects: string[];
  /** A name for this connection in the server's monitoring. */
  name: string;
}

export interface NatsLink {
  nc: NatsConnection;
  js: JetStreamClient;
  jsm: JetStreamManager;
}

export async function connectNats(settings: NatsSettings): Promise<NatsLink> {
  const nc = await connect({
    servers: settings.url,
    name: settings.name,
    reconnect: true,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 250,
    timeout: 5000,
  });
  const jsm = await jetstreamManager(nc);
  await ensureStream(jsm, settings);
  return { nc, js: jetstream(nc, { timeout: 5000 }), jsm };
}

async function ensureStream(jsm: JetStreamManager, settings: NatsSettings): Promise<void> {
  const subjects = [`${settings.subjectPrefix}.>`];
  try {
    await jsm.streams.info(settings.stream);
  } catch {
    try {
      await jsm.streams.add({
        name: settings.stream,
        subjects,
        storage: StorageType.File,
        duplicate_window: 2 * 60 * 1_000_000_000,
      });
    } catch (err) {
      // Another deployment created it at the same moment.
      await jsm.streams.info(settings.stream).catch(() => {
        throw err;
      });
    }
  }
}

/**
 * One durable consumer per subject filter (NATS 2.9 has a single `filter_subject` per consumer). An
 * existing consumer is kept as it is: its delivery state is what makes restarts lose nothing.
 */
export async function ensureConsumer(link: NatsLink, stream: string, durable: string, subject: string): Promise<void> {
  try {
    await link.jsm.consumers.info(stream, durable);
  } catch {
    await link.jsm.consumers.add(stream, {
      durable_name: durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      filter_subject: subject,
      ack_wait: 30 * 1_000_000_000,
      max_ack_pending: 1000,
    });
  }
}

export async function publishSigned(
  link: NatsLink,
  subject: string,
  data: Uint8Array,
  msgId: string,
  sign: Record<string, string>,
): Promise<void> {
  const h = headers();
  for (const [k, v] of Object.entries(sign)) h.set(k, v);
  await link.js.publish(subject, data, { msgID: msgId, headers: h, timeout: 5000 });
}

export function headerMap(msg: JsMsg): Record<string, string> {
  const out: Record<string, string> = {};
  if (!msg.headers) return out;
  for (const [k, v] of msg.headers) {
    const first = v[0];
    if (first !== undefined) out[k] = first;
  }
  return out;
}
