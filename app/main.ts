/** `npm start`: run Lotse with the shipped sample content and print the chat page URL. */
import { loadConfig } from './config';
import { bootstrap } from './bootstrap';
import { startServer } from './server';

async function main(): Promise<void> {
  const config = loadConfig();
  const lotse = await bootstrap(config);
  const running = await startServer(lotse);
  lotse.logger.info({ url: running.url }, 'Lotse is listening');
  process.stdout.write(`\nLotse is running. Open the chat page: ${running.url}\n\n`);
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
