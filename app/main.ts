/** `npm start`: run Lotse with the shipped sample content and print the chat page URL. */
import { loadConfig } from './config';
import { bootstrap } from './bootstrap';
import { startServer } from './server';

async function main(): Promise<void> {
  const started = Date.now();
  const config = loadConfig();
  // Loading content and training the matcher takes a few seconds: say so, so a silent terminal is not taken for a hang.
  process.stderr.write(`Starting Lotse: loading content "${config.profileId}" and training the matcher…\n`);
  const lotse = await bootstrap(config);
  const running = await startServer(lotse);
  lotse.logger.info({ url: running.url }, 'Lotse is listening');
  process.stdout.write(`\nLotse is running (ready in ${((Date.now() - started) / 1000).toFixed(1)} s). Open the chat page: ${running.url}\n`);
  process.stdout.write(`Staff console: ${new URL('/staff', running.url).href} — accounts with npm run staff:add (same DATA_DIR/STAFF_FILE as this server: ${config.staffFile})\n\n`);
  const stop = async (): Promise<void> => {
    await running.close();
    await lotse.shutdown();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  process.stderr.write(`Lotse could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
