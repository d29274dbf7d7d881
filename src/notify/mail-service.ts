import type { ServiceDeps } from '../platform/deps.ts';
import type { MailSettings } from './delivery.ts';
import type { MailerFactory } from './mailer.ts';
import { createOutboxService } from './outbox-service.ts';
import { createPreferenceService } from './preference-service.ts';
import { createTemplateService } from './template-service.ts';

/**
 * Notifications by mail. Capabilities queue mail with `enqueue` / `enqueueMany`
 * (outbox.ts) inside their own unit of work; this service is what people and jobs use:
 * templates, the outbox, preferences, delivery and the digest.
 */
export function createMailService(deps: ServiceDeps, settings: MailSettings, mailerFor?: MailerFactory) {
  return {
    templates: createTemplateService(deps),
    outbox: createOutboxService(deps, settings, mailerFor),
    preferences: createPreferenceService(deps),
  };
}

export type MailService = ReturnType<typeof createMailService>;
