export {
  createHubSpotClient,
  MAX_URL_CHARS,
  type HubSpotClient,
  type HubSpotClientDeps,
  type HubSpotClock,
  type HubSpotEventMap,
  type HubSpotRequest,
  type HubSpotResponse,
} from './client.js';
export { buildPaths, type HubSpotPaths } from './paths.js';
export { searchObjects } from './search.js';
export {
  listObjectsPage,
  batchReadObjects,
  BATCH_READ_MAX,
  LIST_PAGE_MAX,
  type ListObjectsOptions,
  type BatchReadObjectsOptions,
} from './objects.js';
export { listProperties, type ListPropertiesOptions } from './properties.js';
export { listCustomSchemas } from './schemas.js';
export {
  batchReadAssociations,
  readAllAssociations,
  listAssociationLabels,
  listObjectAssociations,
  ASSOCIATION_BATCH_MAX,
  type AssociationInput,
  type AssociationSet,
} from './associations.js';
export { parseBatchErrors, retryFailedInputs } from './batch.js';
export { readWebhookBatch, type WebhookEvent } from './webhook-events.js';
export type { Endpoint } from './read-answer.js';
export {
  HubSpotError,
  HubSpotApiError,
  DailyLimitError,
  HubSpotNetworkError,
  HubSpotTimeoutError,
  HubSpotAuthError,
  HubSpotBatchError,
  HubSpotResponseError,
  HubSpotErrorCode,
  HubSpotCategory,
  RatePolicy,
  isHubSpotError,
  isHubSpotApiError,
  isDailyLimitError,
  isHubSpotNetworkError,
  isHubSpotAuthError,
  isHubSpotBatchError,
  isHubSpotResponseError,
  type AnswerIssue,
} from './errors.js';
export { TIER_BURST, TIER_DAILY, type LimiterSettings, type PacerState } from './limiter.js';
export { DEFAULT_RETRY_POLICY, RETRYABLE_STATUSES, type RetryPolicy } from './retry.js';
export type { HubSpotStats } from './stats.js';
export type { RateLimitHeaders } from './headers.js';
export type * from './types.js';
