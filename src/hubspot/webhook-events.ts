/**
 * A webhook delivery: a JSON array of events, as HubSpot documents them. Nothing consumes them
 * yet; the schema is here so the webhook receiver starts from a checked shape.
 */
import { z } from 'zod';
import { recordIdSchema } from './answer-schemas.js';
import { readAnswer, type Endpoint } from './read-answer.js';

const eventBase = {
  eventId: z.number().int(),
  subscriptionId: z.number().int(),
  portalId: z.number().int(),
  appId: z.number().int().optional(),
  /** Epoch milliseconds. */
  occurredAt: z.number().int().nonnegative(),
  attemptNumber: z.number().int().nonnegative(),
  changeSource: z.string().optional(),
  sourceId: z.string().optional(),
  changeFlag: z.string().optional(),
  /** Set on the generic `object.*` subscriptions (custom objects): `2-…`. */
  objectTypeId: z.string().optional(),
};

const ofType = (suffix: string) =>
  z.string().refine((type) => type.endsWith(suffix), `expected a *${suffix} subscription type`);

const propertyChangeEvent = z.looseObject({
  ...eventBase,
  subscriptionType: ofType('.propertyChange'),
  objectId: recordIdSchema,
  propertyName: z.string().optional(),
  propertyValue: z.string().optional(),
});

const associationChangeEvent = z.looseObject({
  ...eventBase,
  subscriptionType: ofType('.associationChange'),
  associationType: z.string(),
  fromObjectId: recordIdSchema,
  toObjectId: recordIdSchema,
  associationRemoved: z.boolean(),
  isPrimaryAssociation: z.boolean().optional(),
});

const mergeEvent = z.looseObject({
  ...eventBase,
  subscriptionType: ofType('.merge'),
  objectId: recordIdSchema,
  primaryObjectId: recordIdSchema,
  mergedObjectIds: z.array(recordIdSchema),
  newObjectId: recordIdSchema,
  numberOfPropertiesMoved: z.number().int().optional(),
});

/** creation, deletion, restore, privacyDeletion: the record id only. */
const recordEvent = z.looseObject({
  ...eventBase,
  subscriptionType: z
    .string()
    .regex(/\.(creation|deletion|restore|privacyDeletion)$/, 'expected a record event type'),
  objectId: recordIdSchema,
});

export const webhookEventSchema = z.union([
  propertyChangeEvent,
  associationChangeEvent,
  mergeEvent,
  recordEvent,
]);

export const webhookBatchSchema = z.array(webhookEventSchema);

export type WebhookEvent = z.output<typeof webhookEventSchema>;

/** A delivery's body as checked events (ids canonical), or a HubSpotResponseError. */
export function readWebhookBatch(body: unknown, at: Endpoint): WebhookEvent[] {
  return readAnswer(webhookBatchSchema, body, at);
}
