import { z } from "zod";

/**
 * Zod schemas of HubSpot's WIRE format (what the API sends), per api-hubspot.md and the SDK's typed models
 * (`@hubspot/api-client` codegen `SimplePublicObject`, `CollectionResponse…`, `BatchResponse…`, `Pipeline`,
 * `PublicOwner`). Lenient where HubSpot is (every error field optional; unknown keys kept out of our rows).
 * Property values are always strings or null (api-hubspot.md §2).
 */

const propertyValues = z.record(z.string(), z.string().nullable());

export const associationRefSchema = z.object({ id: z.union([z.string(), z.number()]).transform(String), type: z.string() });

export const simplePublicObjectSchema = z.object({
  id: z.string(),
  properties: propertyValues,
  createdAt: z.string().optional(),
  updatedAt: z.string().optional(),
  archived: z.boolean().optional(),
  archivedAt: z.string().optional(),
  associations: z.record(z.string(), z.object({ results: z.array(associationRefSchema) })).optional(),
});
export type HsObject = z.infer<typeof simplePublicObjectSchema>;

/** GET /crm/v3/objects/{type}: paging.next.after is absent on the last page. */
export const listPageSchema = z.object({
  results: z.array(simplePublicObjectSchema),
  paging: z.object({ next: z.object({ after: z.string() }).optional() }).optional(),
});
export type ListPage = z.infer<typeof listPageSchema>;

export const batchErrorSchema = z.object({
  status: z.string().optional(),
  category: z.string().optional(),
  message: z.string().optional(),
  context: z.record(z.string(), z.array(z.string())).optional(),
});

/** Batch responses answer 200 or 207 (partial: `errors[]`, `numErrors`) – always check errors (§2). */
export const batchResponseSchema = z.object({
  status: z.string().optional(),
  results: z.array(simplePublicObjectSchema),
  numErrors: z.number().optional(),
  errors: z.array(batchErrorSchema).optional(),
});

/** POST /crm/v3/objects/{type}/search */
export const searchPageSchema = z.object({
  total: z.number().optional(),
  results: z.array(simplePublicObjectSchema),
  paging: z.object({ next: z.object({ after: z.string() }).optional() }).optional(),
});

export const stageSchema = z.object({
  id: z.string(),
  label: z.string(),
  displayOrder: z.number().default(0),
  // Values are strings ("1.0", "true") in responses (§4); accept numbers/booleans too.
  metadata: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]).transform(String)).default({}),
  archived: z.boolean().default(false),
});
export const pipelineSchema = z.object({
  id: z.string(),
  label: z.string(),
  displayOrder: z.number().default(0),
  archived: z.boolean().default(false),
  stages: z.array(stageSchema),
});
export const pipelinesResponseSchema = z.object({ results: z.array(pipelineSchema) });
export type HsPipeline = z.infer<typeof pipelineSchema>;
export type HsStage = z.infer<typeof stageSchema>;

export const ownerSchema = z.object({
  id: z.string(),
  email: z.string().nullish(),
  firstName: z.string().nullish(),
  lastName: z.string().nullish(),
  archived: z.boolean().default(false),
});
export const ownersPageSchema = z.object({
  results: z.array(ownerSchema),
  paging: z.object({ next: z.object({ after: z.string() }).optional() }).optional(),
});
export type HsOwner = z.infer<typeof ownerSchema>;

/** HubSpot error body (ERR26): every field optional. 429 adds errorType/policyName. */
export const errorBodySchema = z
  .object({
    status: z.string().optional(),
    message: z.string().optional(),
    category: z.string().optional(),
    errorType: z.string().optional(),
    policyName: z.string().optional(),
    context: z.record(z.string(), z.unknown()).optional(),
  })
  .passthrough();

/** POST /oauth/v1/token */
export const tokenResponseSchema = z.object({
  access_token: z.string(),
  refresh_token: z.string().optional(),
  expires_in: z.number(),
  token_type: z.string().optional(),
});
export type TokenResponse = z.infer<typeof tokenResponseSchema>;

/** GET /oauth/v1/access-tokens/{token} */
export const accessTokenInfoSchema = z
  .object({ hub_id: z.number(), hub_domain: z.string().optional(), scopes: z.array(z.string()).default([]), user: z.string().optional() })
  .passthrough();

/**
 * One webhook event (api-hubspot.md §8). The type is `subscriptionType` in real payloads, `eventType` in the old
 * docs: accept both. Ids are numbers on the wire.
 */
const idish = z.union([z.string(), z.number()]).transform(String);
export const webhookEventSchema = z
  .object({
    eventId: idish,
    subscriptionId: idish.optional(),
    portalId: idish,
    appId: idish.optional(),
    occurredAt: z.number(),
    subscriptionType: z.string().optional(),
    eventType: z.string().optional(),
    attemptNumber: z.number().optional(),
    objectId: idish.optional(),
    propertyName: z.string().optional(),
    propertyValue: z.string().optional(),
    changeFlag: z.string().optional(),
    changeSource: z.string().optional(),
    primaryObjectId: idish.optional(),
    mergedObjectIds: z.array(idish).optional(),
    newObjectId: idish.optional(),
    associationType: z.string().optional(),
    fromObjectId: idish.optional(),
    toObjectId: idish.optional(),
    associationRemoved: z.boolean().optional(),
    isPrimaryAssociation: z.boolean().optional(),
  })
  .passthrough()
  .transform((e) => ({ ...e, subscriptionType: e.subscriptionType ?? e.eventType ?? "unknown" }));
export const webhookBatchSchema = z.array(webhookEventSchema).max(1000);
export type HsWebhookEvent = z.infer<typeof webhookEventSchema>;
