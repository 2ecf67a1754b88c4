/**
 * The privacy notice in the welcome names the job centre, the real retention period from the
 * profile, and links its privacy policy and imprint (issue 16) — in every language.
 */
import { LANGUAGES } from '../content/model';
import { setupHandoff, texts, withProfile } from './helpers/handoff';

describe('the privacy notice in the welcome', () => {
  it('names the job centre, "30 Tage" from the profile, and links the privacy policy and imprint', async () => {
    const s = setupHandoff();
    const welcome = texts(await s.event('lotse/start', { language: 'de' }));
    expect(welcome).toContain('Diesen Chat betreibt das Jobcenter Musterstadt');
    expect(welcome).toContain('30 Tage gespeichert');
    expect(welcome).not.toMatch(/begrenzte Zeit/);
    expect(welcome).toContain('[Datenschutzerklärung](https://www.jobcenter-musterstadt.example/datenschutz)');
    expect(welcome).toContain('[Impressum](https://www.jobcenter-musterstadt.example/impressum)');
  });

  it('follows the profile: another retention period, no links when the profile has none', async () => {
    const knowledge = withProfile((p) => ({ ...p, name: 'Jobcenter Beispielkreis', retentionDays: 14, privacyPolicyUrl: undefined, imprintUrl: undefined }));
    const s = setupHandoff({ knowledge });
    const welcome = texts(await s.event('lotse/start', { language: 'en' }));
    expect(welcome).toContain('this chat is run by Jobcenter Beispielkreis');
    expect(welcome).toContain('stored for 14 days');
    expect(welcome).not.toContain('](');
  });

  it.each(LANGUAGES)('in %s it has the name, the days and both links', async (language) => {
    const s = setupHandoff();
    const welcome = texts(await s.event('lotse/start', { language }));
    expect(welcome).toContain('Jobcenter Musterstadt');
    expect(welcome).toContain('30');
    expect(welcome).toContain('(https://www.jobcenter-musterstadt.example/datenschutz)');
    expect(welcome).toContain('(https://www.jobcenter-musterstadt.example/impressum)');
  });
});
