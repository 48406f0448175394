// Tells each consumer of a product about a lifecycle notice (deprecation, a sunset reminder): an e-mail to its
// contacts, a signed webhook call per consumer, and a consumer-notified event on the mesh's events topic. Each
// (consumer, channel) outcome goes to the delivery log first, so a retry sends only what did not arrive.
import type { ProductDescriptor } from '../products/descriptor.ts';
import { newEvent, type ProductEvent } from '../products/events.ts';
import { writeEvents, type ProductEnv } from '../products/publish.ts';
import type { DeliveryLog } from './delivery-log.ts';
import { sendEmail } from './notify/email.ts';
import { deliverWebhook } from './notify/webhook.ts';
import type { DeliveryRow, LifecycleConsumer, NotificationSettings } from './values.ts';

export interface NoticeContent {
  /** deprecation, reminder-7d … — one delivery row per notice, consumer and channel. */
  notice: string;
  subject: string;
  body: (consumer: LifecycleConsumer) => string;
}

export interface NotifyDeps {
  log: DeliveryLog;
  settings: NotificationSettings;
  smtpPassword: string | null;
  webhookSecret: string | null;
  /** Re-send delivered ones too (the user asked to send again). */
  all?: boolean;
}

export function deprecationNotice(product: ProductDescriptor, replacement: ProductDescriptor | null): NoticeContent {
  const d = product.deprecation!;
  return {
    notice: 'deprecation',
    subject: `[Tributary] ${product.name} is deprecated — sunset ${d.sunset}`,
    body: (c) =>
      [
        `The data product "${product.name}" (${product.id}, owned by ${product.owner.team}, ${product.owner.email}) is deprecated.`,
        `Sunset: ${d.sunset}. After that date its topics are deleted.`,
        replacement ? `Replacement: "${replacement.name}" (${replacement.id}) on ${replacement.outputPorts.map((p) => p.topic).join(', ')}.` : 'There is no replacement product.',
        `Reason: ${d.reason}`,
        '',
        `You receive this because lineage found ${c.kind} "${c.name}" reading ${c.topics.join(', ')} (${c.evidence.join(', ')}).`,
        'New consumers are refused from now on. Move to the replacement before the sunset; Tributary tracks who has migrated.',
      ].join('\n'),
  };
}

export function reminderNotice(product: ProductDescriptor, daysLeft: number): NoticeContent {
  const d = product.deprecation!;
  return {
    notice: `reminder-${daysLeft}d`,
    subject: `[Tributary] ${product.name} retires in ${daysLeft} day${daysLeft === 1 ? '' : 's'} (${d.sunset})`,
    body: (c) =>
      [
        `Reminder: "${product.name}" (${product.id}) reaches its sunset on ${d.sunset}, in ${daysLeft} day${daysLeft === 1 ? '' : 's'}.`,
        d.replacement ? `Move ${c.kind} "${c.name}" to ${d.replacement}.` : `Stop reading ${c.topics.join(', ')} with ${c.kind} "${c.name}".`,
        `Reason for the deprecation: ${d.reason}`,
      ].join('\n'),
  };
}

export async function notifyConsumers(env: ProductEnv, deps: NotifyDeps, product: ProductDescriptor, consumers: readonly LifecycleConsumer[], content: NoticeContent): Promise<DeliveryRow[]> {
  const { log, settings } = deps;
  const rows: DeliveryRow[] = [];
  const events: ProductEvent[] = [];
  const alreadyDelivered = (consumer: LifecycleConsumer, channel: DeliveryRow['channel'], target: string) => {
    const before = log.find(env.profileId, { productId: product.id, notice: content.notice, consumerKey: consumer.key, channel, target });
    return deps.all || before?.state !== 'delivered' ? null : before;
  };

  for (const consumer of consumers) {
    const key = { productId: product.id, notice: content.notice, consumerKey: consumer.key };
    const outcome: Record<string, string> = {};
    let sentNow = false;

    const to = consumer.contacts.map((c) => c.email);
    const emailTarget = to.join(', ') || '(no contact)';
    const sentMail = alreadyDelivered(consumer, 'email', emailTarget);
    if (sentMail) rows.push(sentMail);
    else if (!settings.smtp) rows.push(log.record(env.profileId, { ...key, channel: 'email', target: emailTarget }, 'skipped', 'no SMTP server is set up (Lifecycle → Settings)'));
    else if (!to.length) rows.push(log.record(env.profileId, { ...key, channel: 'email', target: emailTarget }, 'skipped', `no contact is known for ${consumer.kind} "${consumer.name}" — add one to the contacts directory`));
    else {
      const result = await sendEmail(
        { ...settings.smtp, ...(settings.smtp.user ? { user: settings.smtp.user } : {}), ...(deps.smtpPassword ? { password: deps.smtpPassword } : {}) },
        { to, subject: content.subject, text: content.body(consumer), headers: { 'X-Tributary-Product': product.id, 'X-Tributary-Notice': content.notice } },
      );
      rows.push(log.record(env.profileId, { ...key, channel: 'email', target: emailTarget }, result.state, result.detail, result.attempts));
      sentNow = true;
    }
    outcome.email = rows.at(-1)!.state;

    if (settings.webhook) {
      const sentHook = alreadyDelivered(consumer, 'webhook', settings.webhook.url);
      if (sentHook) rows.push(sentHook);
      else if (!deps.webhookSecret) rows.push(log.record(env.profileId, { ...key, channel: 'webhook', target: settings.webhook.url }, 'skipped', 'the webhook has no signing secret yet (Lifecycle → Settings)'));
      else {
        const result = await deliverWebhook(
          { url: settings.webhook.url, secret: deps.webhookSecret, maxAttempts: settings.webhook.maxAttempts },
          // Stable per (product, notice, consumer): a re-send carries the same delivery id, so receivers de-duplicate.
          { id: `${product.id}/${content.notice}/${consumer.key}`, type: `product-${content.notice}`, product: { id: product.id, name: product.name, owner: product.owner, deprecation: product.deprecation ?? null }, consumer },
        );
        rows.push(log.record(env.profileId, { ...key, channel: 'webhook', target: settings.webhook.url }, result.state, result.detail, result.attempts));
        sentNow = true;
      }
      outcome.webhook = rows.at(-1)!.state;
    }

    // Every send (a retry too) is on the events topic with its outcome, so the log says exactly what happened.
    if (sentNow || !alreadyDelivered(consumer, 'event', env.topics.events)) {
      events.push(newEvent('consumer-notified', product.id, env.actor, { notice: content.notice, consumer: consumer.key, contacts: to, outcome }));
    }
  }

  if (events.length) {
    let state: DeliveryRow['state'] = 'delivered';
    let detail = `written to ${env.topics.events}`;
    try {
      await writeEvents(env, events);
    } catch (error) {
      state = 'failed';
      detail = `the event could not be written to ${env.topics.events}: ${(error as Error).message}`;
    }
    for (const e of events) rows.push(log.record(env.profileId, { productId: product.id, notice: content.notice, consumerKey: String(e.details.consumer), channel: 'event', target: env.topics.events }, state, detail));
  }
  return rows;
}
