/**
 * HubSpot's documented answer shapes, as zod schemas. Lenient where HubSpot is (unknown members
 * pass through, `paging` is optional, labels may be null), strict where the replicator's
 * correctness depends on a member (ids numeric and canonical, the arrays it iterates).
 * Records themselves are read by record-answer.ts; here they are only `unknown[]`.
 */
import { z } from 'zod';
import { canonicalRecordId } from '../values/record-id.js';
import type { Paging } from './types.js';

/** A record id (text or number), as its canonical text. */
export const recordIdSchema = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const id = canonicalRecordId(value);
  if (id === undefined) {
    ctx.addIssue({
      code: 'custom',
      message: `expected a numeric id within bigint, got ${JSON.stringify(value)}`,
    });
    return z.NEVER;
  }
  return id;
});

/** Absent or null read as absent (HubSpot sends either for "no value"). */
const optionalText = z
  .string()
  .nullish()
  .transform((value) => value ?? undefined);

const pagingSchema = z
  .looseObject({
    next: z.looseObject({ after: z.string(), link: optionalText }).optional(),
  })
  .optional()
  .transform((paging): Paging | undefined => (paging?.next ? { next: paging.next } : undefined));

export const searchPageSchema = z.looseObject({
  total: z.number().int().nonnegative().optional(),
  results: z.array(z.unknown()),
  paging: pagingSchema,
});

export const listPageSchema = z.looseObject({
  results: z.array(z.unknown()),
  paging: pagingSchema,
});

/** One entry of a 207's `errors[]`; batch.ts reads the ids its `context` names. */
const batchErrorSchema = z.looseObject({
  status: z.string().optional(),
  category: z.string().optional(),
  message: z.string().optional(),
  context: z.record(z.string(), z.unknown()).optional(),
});

/** batch/read, 200 or 207 (`errors[]` with the inputs that failed). */
export const batchAnswerSchema = z.looseObject({
  status: z.string().optional(),
  results: z.array(z.unknown()),
  errors: z.array(batchErrorSchema).optional(),
  numErrors: z.number().optional(),
});

const typeIdSchema = z.union([z.number().int(), z.string().regex(/^\d+$/).transform(Number)]);

export const associationTypeSchema = z.looseObject({
  category: z.string(),
  typeId: typeIdSchema,
  label: z
    .string()
    .nullish()
    .transform((label) => label ?? null),
});

export const associationTargetSchema = z.looseObject({
  toObjectId: recordIdSchema,
  associationTypes: z.array(associationTypeSchema),
});

export const associationBatchAnswerSchema = batchAnswerSchema.extend({
  results: z.array(
    z.looseObject({
      from: z.looseObject({ id: recordIdSchema }),
      // An id with no associations may come back without `to`.
      to: z
        .array(associationTargetSchema)
        .optional()
        .transform((to) => to ?? []),
      paging: pagingSchema,
    }),
  ),
});

export const associationLabelsSchema = z.looseObject({
  results: z.array(associationTypeSchema),
});

export const objectAssociationsPageSchema = z.looseObject({
  results: z.array(associationTargetSchema),
  paging: pagingSchema,
});

const propertyOptionSchema = z.looseObject({
  label: z.string(),
  value: z.string(),
  displayOrder: z.number().optional(),
  hidden: z.boolean().optional(),
});

export const propertySchema = z.looseObject({
  name: z.string().min(1),
  label: z.string(),
  type: z.string().min(1),
  fieldType: z.string().min(1),
  groupName: optionalText,
  description: optionalText,
  options: z.array(propertyOptionSchema).optional(),
  calculated: z.boolean().optional(),
  hasUniqueValue: z.boolean().optional(),
  hubspotDefined: z.boolean().optional(),
  archived: z.boolean().optional(),
  createdAt: optionalText,
  updatedAt: optionalText,
  archivedAt: optionalText,
});

export const propertiesAnswerSchema = z.looseObject({ results: z.array(propertySchema) });

export const objectSchemaSchema = z.looseObject({
  id: z.string().min(1),
  /** Custom objects are `2-…`; the replicator calls their endpoints by it. */
  objectTypeId: z.string().regex(/^\d+-\d+$/),
  name: z.string().min(1),
  fullyQualifiedName: optionalText,
  labels: z.looseObject({ singular: z.string(), plural: z.string() }),
  properties: z.array(propertySchema).optional(),
  associations: z.array(z.looseObject({})).optional(),
  primaryDisplayProperty: optionalText,
  archived: z.boolean().optional(),
});

export const schemasPageSchema = z.looseObject({
  results: z.array(objectSchemaSchema),
  paging: pagingSchema,
});

/** Error bodies are read leniently: a member of the wrong type is dropped, not fatal. */
const lenientText = z.string().optional().catch(undefined);

export const errorBodySchema = z.looseObject({
  status: lenientText,
  message: lenientText,
  correlationId: lenientText,
  category: lenientText,
  subCategory: lenientText,
  errorType: lenientText,
  policyName: lenientText,
  errors: z
    .array(
      z.looseObject({
        message: z.string(),
        code: z.string().optional(),
        context: z.record(z.string(), z.unknown()).optional(),
      }),
    )
    .optional()
    .catch(undefined),
  context: z.record(z.string(), z.unknown()).optional().catch(undefined),
});

/** `POST /oauth/v1/token`'s 200. `expires_in` is in seconds. */
export const oauthTokenSchema = z.looseObject({
  access_token: z.string().min(1),
  refresh_token: z.string().optional(),
  expires_in: z.number().positive().optional(),
});

/** The OAuth endpoint's own error shape (`status` is its code). */
export const oauthErrorSchema = z.looseObject({
  status: lenientText,
  message: lenientText,
});
