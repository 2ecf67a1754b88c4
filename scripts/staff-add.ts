/**
 * `npm run staff:add -- --username anna.schmidt --name "Anna Schmidt" [--admin]`
 *
 * Creates (or replaces) a staff account for the console at /staff. The password is asked twice
 * without echo, or read from STAFF_PASSWORD (for provisioning scripts). Accounts go to
 * STAFF_FILE (default: $DATA_DIR/staff.json); the running server picks them up at the next login.
 */
import readline from 'node:readline';
import { StaffAccounts, MIN_PASSWORD_LENGTH } from '../adapters/staff/accounts';
import { loadConfig } from '../app/config';

function arg(name: string): string | undefined {
  const args = process.argv.slice(2);
  const i = args.indexOf(`--${name}`);
  if (i >= 0) return args[i + 1];
  const inline = args.find((a) => a.startsWith(`--${name}=`));
  return inline?.slice(name.length + 3);
}

/** Reads a line from the terminal without showing what is typed. */
function askHidden(question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    if (!process.stdin.isTTY) {
      reject(new Error('No terminal to ask for the password: set STAFF_PASSWORD.'));
      return;
    }
    const rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: true });
    const output = rl as unknown as { _writeToOutput: (s: string) => void };
    let asked = false;
    output._writeToOutput = (s: string) => {
      if (!asked) {
        process.stdout.write(s);
        asked = true;
      }
    };
    rl.question(question, (answer) => {
      rl.close();
      process.stdout.write('\n');
      resolve(answer);
    });
  });
}

async function main(): Promise<void> {
  const username = arg('username');
  const name = arg('name');
  if (!username || !name) {
    process.stderr.write('Usage: npm run staff:add -- --username <login> --name "<display name shown to citizens>"\n');
    process.exit(2);
  }
  let password = process.env.STAFF_PASSWORD;
  if (!password) {
    password = await askHidden(`Password for ${username} (at least ${MIN_PASSWORD_LENGTH} characters): `);
    const again = await askHidden('Repeat the password: ');
    if (again !== password) throw new Error('The passwords differ.');
  }
  const config = loadConfig();
  const accounts = new StaffAccounts(config.staffFile);
  // --admin: may see operator views in the console (webhook dead letters).
  const account = await accounts.add(username.toLowerCase(), name, password, new Date(), { admin: process.argv.includes('--admin') });
  process.stdout.write(`Staff account "${account.username}" (${account.displayName}) saved in ${config.staffFile}.\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`staff:add failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
