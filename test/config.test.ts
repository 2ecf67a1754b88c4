import { ConfigError, loadConfig } from '../app/config';

const SECRETS = { DIRECTLINE_SECRET: 'd'.repeat(32), LOG_SALT: 's'.repeat(16), ADMIN_TOKEN: 'a'.repeat(24) };

function problemsOf(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('configuration was accepted');
}

describe('configuration', () => {
  it('starts on a laptop without any settings', () => {
    const config = loadConfig({ NODE_ENV: 'development' }, '/srv/lotse');
    expect(config.port).toBe(3978);
    expect(config.host).toBe('127.0.0.1');
    expect(config.dataDir).toBe('/srv/lotse/data');
    expect(config.devMode).toBe(true);
  });

  it('refuses to start in production without the Direct Line secret, log salt and admin token', () => {
    const message = problemsOf({ NODE_ENV: 'production' });
    expect(message).toMatch(/DIRECTLINE_SECRET is required in production/);
    expect(message).toMatch(/LOG_SALT is required in production/);
    expect(message).toMatch(/ADMIN_TOKEN is required in production/);
  });

  it('refuses a short log salt in production', () => {
    expect(problemsOf({ NODE_ENV: 'production', ...SECRETS, LOG_SALT: 'short' })).toMatch(/LOG_SALT must have at least 16 characters/);
  });

  it('starts in production with its secrets and listens on every interface', () => {
    const config = loadConfig({ NODE_ENV: 'production', ...SECRETS });
    expect(config.devMode).toBe(false);
    expect(config.host).toBe('0.0.0.0');
    expect(config.logSalt).toBe(SECRETS.LOG_SALT);
  });

  it('names every bad value instead of silently using a default', () => {
    const message = problemsOf({ NODE_ENV: 'test', PORT: 'eighty', LOG_LEVEL: 'loud', STAFF_SESSION_IDLE_MINUTES: '0', DIRECTLINE_TOKEN_TTL: '1h' });
    expect(message).toMatch(/PORT/);
    expect(message).toMatch(/LOG_LEVEL/);
    expect(message).toMatch(/STAFF_SESSION_IDLE_MINUTES/);
    expect(message).toMatch(/DIRECTLINE_TOKEN_TTL/);
  });

  it('treats an empty variable as not set', () => {
    expect(loadConfig({ NODE_ENV: 'test', PORT: '', ADMIN_TOKEN: '' }).port).toBe(3978);
  });
});
