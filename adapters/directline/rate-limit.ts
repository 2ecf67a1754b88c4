/** Rate limiting is channel-agnostic and lives in adapters/channels/rate-limit.ts. */
export * from '../channels/rate-limit';
