import { MemoryStore } from '../store/document';
import type { ActivityJson } from '../../bot/core/contracts';
import type { ChannelCapabilities } from './contract';
import { renderForChannel, resolveInbound, splitText, StoreButtonTokens, toDialect } from './render';

const whatsapp: ChannelCapabilities = { maxButtons: 3, maxButtonTitle: 20, maxPayloadBytes: 64, maxTextLength: 300, markdown: 'whatsapp', typing: true };
const telegram: ChannelCapabilities = { maxButtons: 8, maxButtonTitle: 40, maxPayloadBytes: 64, maxTextLength: 4096, markdown: 'telegram-html', typing: true };

function welcome(buttons: number): ActivityJson {
  return {
    type: 'message',
    text: '**Willkommen** beim [Jobcenter](https://jobcenter.example)',
    textFormat: 'markdown',
    suggestedActions: {
      actions: Array.from({ length: buttons }, (_, i) => ({ type: 'messageBack', title: `Thema Nummer ${i + 1} mit einem langen Titel`, text: `Thema ${i + 1}`, value: { action: 'entry', id: `topic_${i + 1}` } })),
    },
  } as ActivityJson;
}

const actionsOf = (a: ActivityJson | undefined) => ((a?.suggestedActions as { actions?: Array<{ title: string; value: unknown }> } | undefined)?.actions ?? []);

describe('the render layer', () => {
  it('shows at most the channel’s buttons and lists the rest by number, which the citizen can type', async () => {
    const tokens = new StoreButtonTokens(new MemoryStore());
    const [message] = await renderForChannel([welcome(6)], whatsapp, { scope: 'whatsapp/c1', tokens });
    expect(actionsOf(message)).toHaveLength(3);
    expect(message?.text).toMatch(/4\. Thema Nummer 4[\s\S]*6\. Thema Nummer 6/);
    const typed = await resolveInbound({ type: 'message', text: '5' }, 'whatsapp/c1', tokens);
    expect(typed.value).toEqual({ action: 'entry', id: 'topic_5' });
  });

  it('shortens button titles to the channel’s limit', async () => {
    const [message] = await renderForChannel([welcome(2)], whatsapp);
    for (const a of actionsOf(message)) expect(a.title.length).toBeLessThanOrEqual(20);
    expect(actionsOf(message)[0]?.title.endsWith('…')).toBe(true);
  });

  it('sends large button payloads as short tokens and resolves them server-side; forged tokens resolve to nothing', async () => {
    const tokens = new StoreButtonTokens(new MemoryStore());
    const big = { action: 'flow', flow: 'portal_registration', cmd: 'go', at: 'choose_login_method', to: 'ba_account_confirm_email' };
    const [message] = await renderForChannel([{ type: 'message', text: 'Schritt', suggestedActions: { actions: [{ title: 'Weiter', value: big }] } } as ActivityJson], telegram, { scope: 'telegram/c1', tokens });
    const sent = actionsOf(message)[0]?.value as { t: string };
    expect(Buffer.byteLength(JSON.stringify(sent))).toBeLessThanOrEqual(64);
    expect((await resolveInbound({ type: 'message', value: sent }, 'telegram/c1', tokens)).value).toEqual(big);
    expect((await resolveInbound({ type: 'message', value: { t: 'forged' } }, 'telegram/c1', tokens)).value).toBeUndefined();
    expect((await resolveInbound({ type: 'message', value: sent }, 'telegram/other', tokens)).value).toBeUndefined();
  });

  it('splits long text at paragraph boundaries within the limit, buttons under the last part, typing before each', async () => {
    const paragraphs = Array.from({ length: 5 }, (_, i) => `Absatz ${i + 1}: ${'Wort '.repeat(20).trim()}`);
    const activity = { ...welcome(2), text: paragraphs.join('\n\n') };
    const out = await renderForChannel([activity], whatsapp);
    const messages = out.filter((a) => a.type === 'message');
    expect(messages.length).toBeGreaterThan(1);
    for (const m of messages) expect(String(m.text).length).toBeLessThanOrEqual(300);
    expect(messages.map((m) => m.text).join('\n\n')).toBe(paragraphs.join('\n\n'));
    expect(actionsOf(messages[messages.length - 1])).toHaveLength(2);
    expect(actionsOf(messages[0])).toHaveLength(0);
    expect(out.map((a) => a.type)).toEqual(messages.flatMap(() => ['typing', 'message']));
  });

  it('never sends a part longer than the limit, even for one long word', () => {
    for (const part of splitText(`https://example.org/${'x'.repeat(700)}`, 300)) expect(part.length).toBeLessThanOrEqual(300);
  });

  it('writes Markdown in each channel’s dialect and escapes HTML for Telegram', () => {
    const text = '**Wichtig:** <Frist> & [Antrag](https://a.example/x)';
    expect(toDialect(text, 'markdown')).toBe(text);
    expect(toDialect(text, 'whatsapp')).toBe('*Wichtig:* <Frist> & Antrag: https://a.example/x');
    expect(toDialect(text, 'plain')).toBe('Wichtig: <Frist> & Antrag (https://a.example/x)');
    expect(toDialect(text, 'telegram-html')).toBe('<b>Wichtig:</b> &lt;Frist&gt; &amp; <a href="https://a.example/x">Antrag</a>');
  });
});
